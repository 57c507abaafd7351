import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_FORMATS, writeRunReport } from './index.js';
import { escapeFormula } from './csv.js';
import { thresholdText } from './format.js';
import { nextUp } from '../evaluate/stats/index.js';
import { parseRule } from '../evaluate/rules.js';
import { removeFixtures, writeFixtureRun } from './fixtures/run-fixture.js';

afterAll(removeFixtures);

describe('writeRunReport', () => {
  it('writes every format, byte-identical on a rerun, and metrics.json and metrics.csv agree', async () => {
    const { runDir } = writeFixtureRun();
    const first = await writeRunReport(runDir, { bootstrap: 50 });
    const names = Object.values(REPORT_FORMATS);
    expect(first.files.map((f) => f.slice(runDir.length + 1)).sort()).toEqual([...names].sort());
    const read = (name: string) => readFileSync(join(runDir, name), 'utf8');
    // report.md, metrics.json, metrics.csv first: the assertions below index them.
    const ordered = ['report.md', 'metrics.json', 'metrics.csv', ...names.filter((n) => !['report.md', 'metrics.json', 'metrics.csv'].includes(n))];
    const before = ordered.map(read);
    await writeRunReport(runDir, { bootstrap: 50 });
    expect(ordered.map(read)).toEqual(before);

    const json = JSON.parse(before[1]);
    const rows = parse(before[2], { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(json.slices.length);
    const slice = json.slices.find((s: { slice: string }) => s.slice === 'tamper/synonym-spin@0.4');
    const row = rows.find((r) => r.slice === 'tamper/synonym-spin@0.4')!;
    expect(Number(row.recall)).toBe(slice.recall.value);
    expect(Number(row.roc_auc_low)).toBe(slice.rocAuc.low);
    expect(before[0]).toContain('## Reproduce and cite');
    expect(before[0]).toContain('hash-det-a');
    expect(before[0]).toMatch(/^gauntlet report \S+ --bootstrap 50$/m); // the run by its path: cite.test.ts
    expect(first.summary).toMatch(/^det-a\s+tamper\s+\d\.\d\d \[/m);
  });

  it('states policy, threshold and FPR reached', async () => {
    const { runDir } = writeFixtureRun();
    const { metrics } = await writeRunReport(runDir, { bootstrap: 0, formats: ['md'] });
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(md).toMatch(/calibrated at 5% FPR/);
    const op = metrics.operating[0];
    // The calibrated threshold is the double just above a negative's score (0.05 steps in the fixture): shown as "> score".
    const score = Number(op.threshold!.toPrecision(6));
    expect(nextUp(score)).toBe(op.threshold);
    const shown = `> ${score}`;
    expect(md).toContain(`| det-a | ${op.task} | fpr 5% | ${shown} | 20 | ${op.calibration.fprReached!.toFixed(3)} |`);
  });

  it('neutralises formulas in CSV text cells and keeps hostile names out of markdown markup', async () => {
    const { runDir } = writeFixtureRun({ generatorName: '=HYPERLINK("http://x")|<b>' });
    await writeRunReport(runDir, { bootstrap: 0 });
    const rows = parse(readFileSync(join(runDir, 'metrics.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const generators = rows.map((r) => r.generator).filter((g) => g.includes('HYPERLINK'));
    expect(generators.length).toBeGreaterThan(0);
    for (const g of generators) expect(g.startsWith("'=")).toBe(true);
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(md).not.toContain('<b>');
    expect(md).toContain('\\|&lt;b&gt;');
  });

  it('rejects an unknown format', async () => {
    const { runDir } = writeFixtureRun();
    await expect(writeRunReport(runDir, { formats: ['pdf'] })).rejects.toThrow(/unknown report format "pdf"/);
  });
});

describe('thresholdText', () => {
  it('reads "> s" just above a short score, rounds other long doubles, keeps short ones', () => {
    expect(thresholdText(nextUp(0.95))).toBe('> 0.95');
    expect(thresholdText(0.7)).toBe('0.7');
    expect(thresholdText(2.0322287704887017)).toBe('≈ 2.03223');
    expect(thresholdText(null)).toBe('–');
    expect(thresholdText(-Infinity)).toBe('-∞');
  });
});

describe('escapeFormula', () => {
  it('prefixes cells a spreadsheet would evaluate, and only those', () => {
    for (const c of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(escapeFormula(c)).toBe(`'${c}`);
    for (const c of ['abc', '1', ' =x', '']) expect(escapeFormula(c)).toBe(c);
  });
});

describe('junit.xml and report.tex', () => {
  it('gate the slices a rule looks at, failing the ones that break it', async () => {
    const { runDir } = writeFixtureRun({ generatorName: 'spin<&"\u0001>' });
    const { violations } = await writeRunReport(runDir, { bootstrap: 0, rules: [parseRule('recall > 0.5 where kind=overall')], formats: ['junit', 'tex'] });
    const xml = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    const cases = xml.match(/<testcase /g) ?? [];
    expect(cases.length).toBe(4); // overall slices of tamper, consistency, reuse, spans
    expect((xml.match(/<failure /g) ?? []).length).toBe(violations.length);
    expect(violations.length).toBeGreaterThan(0);
    expect(xml).not.toMatch(/[\u0001]/);
    const all = await writeRunReport(runDir, { bootstrap: 0, formats: ['junit', 'tex'] });
    const xmlAll = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    // Without rules: one case per detector x attack family, not one per slice (junit.test.ts).
    expect((xmlAll.match(/<testcase /g) ?? []).length).toBe(all.metrics.slices.filter((s) => s.kind === 'family').length);
    // A rule over every slice names the generator slices, hostile name included.
    await writeRunReport(runDir, { bootstrap: 0, rules: [parseRule('auc < 2')], formats: ['junit'] });
    expect(readFileSync(join(runDir, 'junit.xml'), 'utf8')).toContain('spin&lt;&amp;&quot;&gt;');
    await writeRunReport(runDir, { bootstrap: 0, formats: ['junit', 'tex'] });
    const tex = readFileSync(join(runDir, 'report.tex'), 'utf8');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('spin\\textless{}\\&"');
    expect(tex).not.toMatch(/[^\\]%[^\n]*\\bottomrule/);
  });
});
