import { afterAll, describe, expect, it } from 'vitest';
import { removeFixtures, writeFixtureRun } from '../report/fixtures/run-fixture.js';
import { planSlices, readSampleInfos } from './plan.js';
import { compareRunDirs } from './compare.js';
import { parseRule } from './rules.js';
import { compareMarkdown } from '../report/compare-md.js';
import { planText } from '../../cli/commands/plan.js';
import { documentsNeeded, minimumDetectableChange } from './stats/index.js';

afterAll(() => removeFixtures());

describe('plan: power before a run', () => {
  it('sizes every slice, or the gated ones, with MDE and documents needed', async () => {
    const { datasetDir } = writeFixtureRun({ sources: 10 });
    const samples = await readSampleInfos(datasetDir);
    const all = planSlices(samples, { mde: 0.02 });
    expect(all.rows.length).toBeGreaterThan(3);
    expect(all.rows.every((r) => r.task !== 'spans')).toBe(true);
    const gated = planSlices(samples, { mde: 0.02, rules: [parseRule('delta(recall) < -0.02 significant where kind=overall,detector=x')] });
    expect(gated.rows.map((r) => r.kind)).toEqual(gated.rows.map(() => 'overall'));
    const tamper = gated.rows.find((r) => r.slice === 'tamper/*')!;
    expect(tamper.recall?.mde).toBeCloseTo(minimumDetectableChange({ n: tamper.positives }).mde as number, 12);
    expect(tamper.needed?.documents).toBe(documentsNeeded({ mde: 0.02, positivesPerDocument: tamper.positives / tamper.documents }).documents);
    const text = planText(gated, 'fixture', 0.5);
    expect(text).toMatch(/^tamper\/\*\s+30\s+10\s+10\s+0\.\d{3}\s+–\s+\d+\s+\d+$/m);
    expect(text).toContain('assumed max(2 x change, 0.05)');
  });

  it('compare: MDE beside each delta, and a warning for a gate its slices cannot power', async () => {
    const hash = 'p'.repeat(64);
    const a = writeFixtureRun({ sources: 40, datasetHash: hash, detectors: [{ name: 'det', skill: 2 }] });
    const b = writeFixtureRun({ sources: 40, datasetHash: hash, detectors: [{ name: 'det', skill: 0.2 }] });
    const c = await compareRunDirs(a.runDir, b.runDir, { bootstrap: 50, rules: [parseRule('delta(recall) < -0.02 significant'), parseRule('delta(recall) < -0.9 where slice=tamper/*')] });
    const recall = c.rows.find((r) => r.slice === 'tamper/*')!.metrics.recall;
    expect(recall.power?.n).toBe(120); // 3 positives per document in the fixture's tamper task
    expect(recall.power?.assumed).toBe(false);
    expect(c.rows.find((r) => r.slice === 'tamper/*')!.metrics.auc.power).toBeNull();
    // The 0.02 rule is far below what 40 documents detect; the 0.9 one on all tamper items is not.
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toMatch(/^"delta\(recall\) < -0\.02 significant": \d+ of \d+ gated slices .* cannot detect a change of 0\.020/);
    const md = compareMarkdown(c);
    expect(md).toMatch(/\(MDE (0\.\d{3}|–)\)/);
    expect(md).toContain('**Gate power warnings:**');
  });
});
