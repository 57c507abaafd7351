/**
 * The paper-ready table of report.tex: detectors side by side (grouped by
 * task), attack families as rows, each cell the TPR at the headline FPR
 * with its 95% interval as sub- and superscript, the best of each task and
 * row in bold. It reads the same leaderboard as the console summary.
 */
import type { Task } from '../../core/types.js';
import type { Estimate, MetricsResult } from '../evaluate/metrics.js';
import { leaderboard, type LeaderboardRow } from './leaderboard.js';
import { pct } from './format.js';
import { texText } from './tex-text.js';

const TASK_TITLE: Record<Task, string> = { tamper: 'Tamper', reuse: 'Reuse', consistency: 'Consistency', spans: 'Spans' };

/** `$0.82_{\,0.75}^{\,0.88}$`: value with its interval, bold when best; `--` when undefined. */
export function texCompact(e: Estimate | null | undefined, best = false): string {
  if (!e || e.value === null) return '--';
  const v = best ? `\\mathbf{${e.value.toFixed(2)}}` : e.value.toFixed(2);
  if (e.low === null || e.high === null) return `$${v}$`;
  return `$${v}_{\\,${e.low.toFixed(2)}}^{\\,${e.high.toFixed(2)}}$`;
}

/**
 * The summary table's lines (a blank line first), or none when the run has
 * no ranked task (spans alone). Needs \usepackage{booktabs}.
 */
export function texSummaryTable(result: MetricsResult): string[] {
  const board = leaderboard(result);
  const rows = board.rows.filter((r) => r.task !== 'spans');
  if (rows.length === 0) return [];
  const groups: Array<{ task: Task; rows: LeaderboardRow[] }> = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && last.task === r.task) last.rows.push(r);
    else groups.push({ task: r.task, rows: [r] });
  }
  // Column ranges per task group, 1-based after the family column.
  let next = 2;
  const spans = groups.map((g) => {
    const from = next;
    next += g.rows.length;
    return { from, to: next - 1 };
  });
  const line = (label: string, pick: (r: LeaderboardRow) => Estimate | null | undefined) =>
    `${label} & ${groups
      .map((g) => {
        const values = g.rows.map((r) => pick(r)?.value ?? null);
        const top = Math.max(...values.map((v) => v ?? -Infinity));
        // Bold marks a winner: none when the task has one detector or every detector of it ties.
        const winner = values.some((v) => v !== top);
        return g.rows.map((r, k) => texCompact(pick(r), winner && values[k] !== null && values[k] === top)).join(' & ');
      })
      .join(' & ')} \\\\`;
  const level = pct(board.level);
  return [
    '',
    '\\begin{table}[t]',
    '\\centering',
    '\\small',
    '\\setlength{\\tabcolsep}{4pt}',
    `\\caption{${texText(`TPR at ${level} FPR per attack family (rows) and detector (columns), with 95\u00a0% bootstrap intervals over source documents as sub- and superscripts; the best detector of each task in bold. Run ${result.run.id}, dataset ${result.run.datasetHash.slice(0, 12)}.`)}}`,
    '\\label{tab:gauntlet-summary}',
    `\\begin{tabular}{l ${'c'.repeat(rows.length)}}`,
    '\\toprule',
    ` & ${groups.map((g) => `\\multicolumn{${g.rows.length}}{c}{${TASK_TITLE[g.task]}}`).join(' & ')} \\\\`,
    spans.map((s) => `\\cmidrule(lr){${s.from}-${s.to}}`).join(' '),
    `Family & ${rows.map((r) => texText(r.detector)).join(' & ')} \\\\`,
    '\\midrule',
    ...board.families.map((f) => line(texText(f), (r) => r.families.get(f))),
    '\\midrule',
    line('All', (r) => r.overall),
    '\\bottomrule',
    '\\end{tabular}',
    '\\end{table}',
  ];
}
