import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../core/version.js';
import { computeMetrics, type MetricsResult } from '../evaluate/metrics.js';
import { loadRun } from '../store/run-data.js';
import { removeFixtures, writeFixtureRun } from './fixtures/run-fixture.js';
import { texCompact, texSummaryTable } from './tex-summary.js';
import { texReport } from './tex.js';

afterAll(removeFixtures);

const HOSTILE = 'a_b&c%$';

async function metrics(): Promise<MetricsResult> {
  const { runDir } = writeFixtureRun({ detectors: [{ name: 'strong', skill: 2 }, { name: 'weak', skill: 0.2 }, { name: HOSTILE, skill: 1 }] });
  return computeMetrics(await loadRun(runDir), { bootstrap: 20 });
}

/** `&` that separate cells (not the escaped `\&`). */
const cells = (row: string) => row.replace(/\\\\$/, '').split(/(?<!\\)&/);
const unescaped = (line: string, ch: string) => line.split('').filter((c, i) => c === ch && line[i - 1] !== '\\').length;

/** The lines of the summary table's tabular, without the environment lines. */
function tabular(lines: string[]): { spec: string; body: string[] } {
  const begin = lines.findIndex((l) => l.startsWith('\\begin{tabular}'));
  const end = lines.indexOf('\\end{tabular}');
  return { spec: /^\\begin\{tabular\}\{(.*)\}$/.exec(lines[begin])![1], body: lines.slice(begin + 1, end) };
}

describe('LaTeX summary table', () => {
  it('has balanced environments, booktabs rules in order and one column per detector of each ranked task', async () => {
    const m = await metrics();
    const lines = texSummaryTable(m);
    const stack: string[] = [];
    for (const l of lines) {
      const begin = /^\\begin\{(\w+)\}/.exec(l);
      const end = /^\\end\{(\w+)\}/.exec(l);
      if (begin) stack.push(begin[1]);
      if (end) expect(stack.pop()).toBe(end[1]);
      // Braces and math balanced on every line (escaped ones excepted).
      expect(unescaped(l, '{')).toBe(unescaped(l, '}'));
      expect(unescaped(l, '$') % 2).toBe(0);
    }
    expect(stack).toEqual([]);
    const { spec, body } = tabular(lines);
    // 3 detectors on tamper, reuse and consistency (spans has no TPR): 9 columns after the family column.
    expect(spec).toBe(`l ${'c'.repeat(9)}`);
    const rules = body.filter((l) => /^\\(toprule|midrule|bottomrule)$/.test(l));
    expect(rules).toEqual(['\\toprule', '\\midrule', '\\midrule', '\\bottomrule']);
    expect(body[0]).toBe('\\toprule');
    expect(body[body.length - 1]).toBe('\\bottomrule');
    expect(lines.join('\n')).not.toMatch(/\\hline|\\vline|\|/);
    const rows = body.filter((l) => l.endsWith('\\\\'));
    const [groups, names, ...data] = rows;
    expect([...groups.matchAll(/\\multicolumn\{(\d+)\}\{c\}\{(\w+)\}/g)].map((g) => [g[2], Number(g[1])])).toEqual([['Tamper', 3], ['Reuse', 3], ['Consistency', 3]]);
    expect(body.find((l) => l.startsWith('\\cmidrule'))).toBe('\\cmidrule(lr){2-4} \\cmidrule(lr){5-7} \\cmidrule(lr){8-10}');
    expect(cells(names).map((c) => c.trim())).toEqual(['Family', ...Array(3).fill(['strong', 'weak', 'a\\_b\\&c\\%\\$']).flat()]);
    for (const row of data) expect(cells(row)).toHaveLength(10);
    expect(data[data.length - 1]).toMatch(/^All & /);
  });

  it('writes a cell as value with its interval, bold for the best of its task', async () => {
    expect(texCompact({ value: 0.823, low: 0.751, high: 0.88 })).toBe('$0.82_{\\,0.75}^{\\,0.88}$');
    expect(texCompact({ value: 0.5, low: null, high: null }, true)).toBe('$\\mathbf{0.50}$');
    expect(texCompact({ value: null, low: null, high: null })).toBe('--');
    const all = texSummaryTable(await metrics()).find((l) => l.startsWith('All & '))!;
    const tamper = cells(all).slice(1, 4);
    expect(tamper[0]).toContain('\\mathbf');
    expect(tamper[1]).not.toContain('\\mathbf');
  });

  it('comes first in report.tex, and the full tables stay as they were (the reference run)', () => {
    const dir = join(packageRoot(), 'results', 'reference');
    const reference = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as MetricsResult;
    const summary = texSummaryTable(reference).join('\n');
    const drop = (tex: string) => tex.replace(`\n${summary}`, '');
    const written = texReport(reference);
    expect(written.indexOf('tab:gauntlet-summary')).toBeLessThan(written.indexOf('\\label{tab:gauntlet-tamper'));
    expect(drop(written)).toBe(drop(readFileSync(join(dir, 'report.tex'), 'utf8')));
  });
});
