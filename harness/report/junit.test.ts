import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeFixtures, writeFixtureRun } from './fixtures/run-fixture.js';
import { writeRunReport } from './index.js';
import { parseRule } from '../evaluate/rules.js';

afterAll(() => removeFixtures());

const count = (xml: string, tag: string) => (xml.match(new RegExp(`<${tag}[ />]`, 'g')) ?? []).length;

describe('junit.xml', () => {
  it('without rules: one case per detector x attack family, none failing', async () => {
    const { runDir } = writeFixtureRun({ detectors: [{ name: 'a', skill: 1 }, { name: 'b', skill: 2 }] });
    const r = await writeRunReport(runDir, { bootstrap: 0, formats: ['junit'] });
    const xml = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    const families = r.metrics.slices.filter((s) => s.kind === 'family');
    expect(families.length).toBeGreaterThan(1);
    expect(count(xml, 'testcase')).toBe(families.length);
    expect(count(xml, 'testcase')).toBeLessThan(r.metrics.slices.length);
    expect(count(xml, 'failure')).toBe(0);
  });

  it('with rules: one case per rule x gated slice, failing where broken; delta rules skipped, with a power warning', async () => {
    const { runDir } = writeFixtureRun({ detectors: [{ name: 'a', skill: 1 }] });
    const rules = ['recall > 0.5 where kind=overall', 'auc < 2', 'delta(recall) < -0.02 significant where kind=overall'].map(parseRule);
    const r = await writeRunReport(runDir, { bootstrap: 0, formats: ['junit', 'md'], rules });
    const xml = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    const overall = r.metrics.slices.filter((s) => s.kind === 'overall').length;
    // auc < 2 gates every slice and breaks on every slice where AUC is defined.
    expect(count(xml, 'testcase')).toBe(overall + r.metrics.slices.length + overall);
    expect(count(xml, 'testsuite')).toBe(3);
    expect(count(xml, 'failure')).toBe(r.violations.length);
    expect(count(xml, 'skipped')).toBe(overall);
    // 6 sources: a 0.02 change is far below what these slices can detect.
    expect(xml).toContain('<system-err>warning: this slice cannot detect a change of 0.02');
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(md).toContain('## Gates');
    expect(md).toContain('**Gate power warnings**');
    expect(md).toMatch(/cannot detect a change of 0\.020/);
  });
});
