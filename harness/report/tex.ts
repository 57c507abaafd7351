import { TASKS } from '../../core/types.js';
import type { Estimate, MetricsResult } from '../evaluate/metrics.js';
import { describePolicy } from '../evaluate/metrics.js';
import { num, pct, sliceLabel } from './format.js';
import { texSummaryTable } from './tex-summary.js';
import { texText } from './tex-text.js';
import { defineReporter } from './reporter.js';

export { texText } from './tex-text.js';

const cell = (e: Estimate | null) => (!e || e.value === null ? '--' : e.low === null || e.high === null ? num(e.value) : `${num(e.value)} {\\scriptsize [${num(e.low)}, ${num(e.high)}]}`);

/** The `tex` format: report.tex. */
export const texReporter = defineReporter({
  format: 'tex',
  fileName: 'report.tex',
  render: ({ metrics }) => texReport(metrics),
});

/**
 * report.tex: the summary table (detectors side by side, see
 * tex-summary.ts), then one booktabs table per task and detector (needs
 * \usepackage{booktabs}); paste into a paper as is.
 */
export function texReport(result: MetricsResult): string {
  const levels = result.settings.fprLevels.map(String);
  const out: string[] = [
    `% text-gauntlet ${texText(result.run.toolVersion)}, run ${texText(result.run.id)}, dataset ${texText(result.run.datasetHash)}`,
    '% Requires \\usepackage{booktabs}.',
    ...texSummaryTable(result),
  ];
  for (const task of TASKS) {
    const taskSlices = result.slices.filter((s) => s.task === task);
    for (const detector of [...new Set(taskSlices.map((s) => s.detector))]) {
      const rows = taskSlices.filter((s) => s.detector === detector);
      if (task === 'spans') {
        out.push(
          '',
          '\\begin{table}[t]',
          '\\centering',
          '\\small',
          `\\caption{${texText(`${detector} on spans: PAN-style character precision, recall, granularity and plagdet, micro-averaged; 95\u00a0% bootstrap intervals over source documents.`)}}`,
          '\\begin{tabular}{l r l l l l}',
          '\\toprule',
          'Slice & $n$ & Precision & Recall & Granularity & Plagdet \\\\',
          '\\midrule',
          ...rows.map((s) => `${texText(sliceLabel(s))} & ${s.n} & ${cell(s.spans?.precision ?? null)} & ${cell(s.spans?.recall ?? null)} & ${cell(s.spans?.granularity ?? null)} & ${cell(s.spans?.plagdet ?? null)} \\\\`),
          '\\bottomrule',
          '\\end{tabular}',
          '\\end{table}',
        );
        continue;
      }
      out.push(
        '',
        '\\begin{table}[t]',
        '\\centering',
        '\\small',
        `\\caption{${texText(`${detector} on ${task}: operating threshold ${describePolicy(result.settings.threshold)}; 95\u00a0% intervals (Wilson for precision and recall, bootstrap over source documents otherwise).`)}}`,
        `\\label{tab:gauntlet-${texText(task)}-${texText(detector).replace(/[^A-Za-z0-9-]/g, '')}}`,
        `\\begin{tabular}{l r ${'l '.repeat(4 + levels.length).trim()}}`,
        '\\toprule',
        `Slice & $n$ & Precision & Recall & AP & ROC-AUC & ${levels.map((l) => `TPR@${texText(pct(Number(l)))}`).join(' & ')} \\\\`,
        '\\midrule',
        ...rows.map((s) => `${texText(sliceLabel(s))} & ${s.n} & ${cell(s.precision)} & ${cell(s.recall)} & ${cell(s.averagePrecision)} & ${cell(s.rocAuc)} & ${levels.map((l) => cell(s.tprAtFpr[l])).join(' & ')} \\\\`),
        '\\bottomrule',
        '\\end{tabular}',
        '\\end{table}',
      );
    }
  }
  return `${out.join('\n')}\n`;
}
