import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GauntletError } from '../../core/errors.js';
import { buildSlices, computeMetrics } from './metrics.js';
import { loadRun } from '../store/run-data.js';
import { removeFixtures, writeFixtureRun } from '../report/fixtures/run-fixture.js';
import { atThreshold, rankingMetrics, thresholdForFpr } from './stats/index.js';
import { aggregateSpanScores } from './spans-score.js';

afterAll(removeFixtures);

const fast = { bootstrap: 50 };

describe('slices', () => {
  it('put every pooled negative of a task in each of its slices, and no calibration sample anywhere', async () => {
    const { runDir } = writeFixtureRun();
    const data = await loadRun(runDir);
    const slices = buildSlices(data.samples);
    for (const def of slices) {
      const members = new Set(def.members);
      data.samples.forEach((s, i) => {
        if (s.task !== def.task) return expect(members.has(i)).toBe(false);
        if (s.split === 'calibration') return expect(members.has(i)).toBe(false);
        if (s.role === 'pooled-negative') expect(members.has(i)).toBe(true);
        if (def.kind === 'overall') expect(members.has(i)).toBe(true);
        if (def.kind === 'generator' && s.role !== 'pooled-negative') expect(members.has(i)).toBe(s.generator === def.generator && s.intensity === def.intensity);
      });
    }
    const ids = slices.map((s) => s.id);
    expect(ids).toContain('tamper/synonym-spin@0.2');
    expect(ids).toContain('tamper/family=observed');
    expect(ids).toContain('consistency/fact=person');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('computeMetrics', () => {
  it('matches the statistics computed directly on a slice\'s members', async () => {
    const { runDir, samples, scores } = writeFixtureRun({ sources: 12 });
    const data = await loadRun(runDir);
    const result = computeMetrics(data, fast);
    const score = new Map(scores.map((r) => [r.sampleId, r.score!]));
    const calibration = samples.filter((s) => s.task === 'tamper' && s.split === 'calibration').map((s) => score.get(s.id)!);
    const { threshold, fprReached } = thresholdForFpr(calibration, 0.05);
    const op = result.operating.find((o) => o.task === 'tamper')!;
    expect(op.threshold).toBe(threshold);
    expect(op.calibration.fprReached).toBe(fprReached);
    // 20 negatives cannot resolve 5% finely, and the report says so.
    expect(op.note).toMatch(/only 20 calibration negatives: the FPR moves in steps of 0\.050/);

    const members = samples.filter((s) => s.task === 'tamper' && s.split === 'test' && (s.role === 'pooled-negative' || (s.generator === 'synonym-spin' && s.intensity === 0.4)));
    const m = result.slices.find((s) => s.slice === 'tamper/synonym-spin@0.4')!;
    const x = members.map((s) => score.get(s.id)!);
    const y = members.map((s) => s.label);
    const at = atThreshold(x, y, threshold);
    const ranking = rankingMetrics(x, y, [0.01, 0.05]);
    expect(m.n).toBe(members.length);
    expect(m.positives).toBe(12);
    expect(m.precision.value).toBe(at.precision);
    expect(m.recall.value).toBe(at.recall);
    expect(m.f1.value).toBeCloseTo(at.f1, 12);
    expect(m.averagePrecision.value).toBeCloseTo(ranking.averagePrecision!, 12);
    expect(m.rocAuc.value).toBeCloseTo(ranking.rocAuc!, 12);
    expect(m.tprAtFpr['0.05'].value).toBe(ranking.tprAtFpr[1]);
    for (const e of [m.recall, m.f1, m.averagePrecision, m.rocAuc]) {
      expect(e.low!).toBeLessThanOrEqual(e.value! + 1e-12);
      expect(e.high!).toBeGreaterThanOrEqual(e.value! - 1e-12);
    }
  });

  it('reports the FPR on attacked negatives beside recall', async () => {
    const { runDir } = writeFixtureRun();
    const result = computeMetrics(await loadRun(runDir), fast);
    const reuse = result.slices.find((s) => s.slice === 'reuse/synonym-spin@0.4')!;
    expect(reuse.attackedNegatives).toBe(6);
    expect(reuse.negatives).toBe(12);
    expect(reuse.attackedFpr).not.toBeNull();
    expect(result.slices.find((s) => s.slice === 'tamper/synonym-spin@0.4')!.attackedFpr).toBeNull();
  });

  it('counts errors as misses by default, or leaves them out', async () => {
    const { runDir } = writeFixtureRun({ detectors: [{ name: 'flaky', skill: 3, errorEvery: 4 }], sources: 10 });
    const data = await loadRun(runDir);
    const miss = computeMetrics(data, { ...fast, errors: 'miss' });
    const exclude = computeMetrics(data, { ...fast, errors: 'exclude' });
    const a = miss.slices.find((s) => s.slice === 'tamper/*')!;
    const b = exclude.slices.find((s) => s.slice === 'tamper/*')!;
    expect(a.errors).toBeGreaterThan(0);
    expect(a.errors).toBe(b.errors);
    expect(a.n).toBe(b.n + a.errors);
    // A skilled detector flags nearly every scored positive, so errored positives are what lowers recall under `miss`.
    expect(a.recall.value!).toBeLessThan(b.recall.value!);
  });

  it('is deterministic for a seed', async () => {
    const { runDir } = writeFixtureRun();
    const data = await loadRun(runDir);
    expect(JSON.stringify(computeMetrics(data, fast))).toBe(JSON.stringify(computeMetrics(data, fast)));
  });

  it('applies the label and fixed policies, and says when labels are missing', async () => {
    const { runDir } = writeFixtureRun({ detectors: [{ name: 'labelled', skill: 1, labels: true }, { name: 'unlabelled', skill: 1 }] });
    const data = await loadRun(runDir);
    const result = computeMetrics(data, { ...fast, threshold: { kind: 'label' } });
    const labelled = result.operating.find((o) => o.detector === 'labelled' && o.task === 'tamper')!;
    expect(labelled.threshold).toBeNull();
    expect(labelled.note).toBeUndefined();
    const unlabelled = result.operating.find((o) => o.detector === 'unlabelled')!;
    expect(unlabelled.note).toMatch(/no labels/);
    expect(result.slices.find((s) => s.detector === 'unlabelled')!.recall.value).toBeNull();
    // The fixture labels score >= 0.8, so label and fixed 0.8 decide the same.
    const fixed = computeMetrics(data, { ...fast, threshold: { kind: 'fixed', value: 0.8 } });
    const pick = (r: typeof result) => r.slices.filter((s) => s.detector === 'labelled').map((s) => [s.precision.value, s.recall.value]);
    expect(pick(fixed)).toEqual(pick(result));
  });

  it('scores the spans task PAN-style, micro-averaged over the slice', async () => {
    const { runDir, samples, scores } = writeFixtureRun({ sources: 10, detectors: [{ name: 'det', skill: 1.2, errorEvery: 7 }] });
    const result = computeMetrics(await loadRun(runDir), fast);
    const m = result.slices.find((s) => s.slice === 'spans/synonym-spin@0.4')!;
    const records = new Map(scores.map((r) => [r.sampleId, r]));
    const members = samples.filter((s) => s.task === 'spans');
    const expected = aggregateSpanScores(members.map((s) => ({ truth: s.edits.map((e) => e.outputSpan), detected: records.get(s.id)?.error ? [] : (records.get(s.id)?.spans ?? []) })));
    expect(m.spans!.plagdet.value).toBeCloseTo(expected.plagdet, 12);
    expect(m.spans!.granularity.value).toBeCloseTo(expected.granularity, 12);
    expect(m.errors).toBe(members.filter((s) => records.get(s.id)?.error).length);
    expect(m.recall.value).toBeNull();
    expect(result.operating.some((o) => o.task === 'spans')).toBe(false);
  });
});

describe('loadRun', () => {
  it('names the file, line and field of a bad sample', async () => {
    const { runDir, datasetDir } = writeFixtureRun();
    const path = join(datasetDir, 'samples.jsonl');
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const bad = JSON.parse(lines[2]);
    delete bad.label;
    lines[2] = JSON.stringify(bad);
    writeFileSync(path, lines.join('\n'));
    const error = await loadRun(runDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GauntletError);
    expect((error as Error).message).toMatch(/samples\.jsonl:3: field "label" must be 0 or 1/);
  });

  it('rejects scores for samples the dataset lacks', async () => {
    const { runDir } = writeFixtureRun();
    appendFileSync(join(runDir, 'scores.jsonl'), `${JSON.stringify({ sampleId: 'nope', detector: 'det-a', score: 1 })}\n`);
    await expect(loadRun(runDir)).rejects.toThrow(/scores\.jsonl:\d+: sample "nope" is not in/);
  });

  it('refuses a directory without run.json', async () => {
    const { datasetDir } = writeFixtureRun();
    await expect(loadRun(datasetDir)).rejects.toThrow(/not a run directory/);
  });
});
