import { stringify } from 'csv-stringify/sync';
import type { Estimate, MetricsResult } from '../evaluate/metrics.js';
import { defineReporter } from './reporter.js';

/**
 * Neutralises spreadsheet formulas: a text cell starting with = + - @ tab or
 * carriage return gets a leading apostrophe (OWASP's CSV injection advice).
 * Numbers stay numbers, so a negative threshold is still a number.
 */
export function escapeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

type Cell = string | number | null;

/** The `csv` format: metrics.csv. */
export const csvReporter = defineReporter({
  format: 'csv',
  fileName: 'metrics.csv',
  render: ({ metrics }) => metricsCsv(metrics),
});

/** metrics.csv: one row per (detector, slice), each interval as _low/_high columns. */
export function metricsCsv(result: MetricsResult): string {
  const levels = result.settings.fprLevels.map(String);
  const estimates: Array<[string, (s: MetricsResult['slices'][number]) => Estimate | null]> = [
    ['precision', (s) => s.precision],
    ['recall', (s) => s.recall],
    ['f1', (s) => s.f1],
    ['fpr', (s) => s.fpr],
    ['attacked_fpr', (s) => s.attackedFpr],
    ['average_precision', (s) => s.averagePrecision],
    ['roc_auc', (s) => s.rocAuc],
    ...levels.map((l): [string, (s: MetricsResult['slices'][number]) => Estimate | null] => [`tpr_at_fpr_${l}`, (s) => s.tprAtFpr[l]]),
    ['span_precision', (s) => s.spans?.precision ?? null],
    ['span_recall', (s) => s.spans?.recall ?? null],
    ['span_granularity', (s) => s.spans?.granularity ?? null],
    ['plagdet', (s) => s.spans?.plagdet ?? null],
  ];
  const header = ['detector', 'slice', 'task', 'kind', 'generator', 'intensity', 'family', 'fact_type', 'n', 'positives', 'negatives', 'attacked_negatives', 'errors', 'sources', 'threshold', ...estimates.flatMap(([name]) => [name, `${name}_low`, `${name}_high`])];
  const text = (s: string | null): Cell => (s === null ? null : escapeFormula(s));
  const rows: Cell[][] = result.slices.map((s) => [
    text(s.detector),
    text(s.slice),
    s.task,
    s.kind,
    text(s.generator),
    s.intensity,
    text(s.family),
    text(s.factType),
    s.n,
    s.positives,
    s.negatives,
    s.attackedNegatives,
    s.errors,
    s.sources,
    s.threshold !== null && Number.isFinite(s.threshold) ? s.threshold : s.threshold === null ? null : String(s.threshold),
    ...estimates.flatMap(([, get]) => {
      const e = get(s);
      return [e?.value ?? null, e?.low ?? null, e?.high ?? null];
    }),
  ]);
  return stringify([header, ...rows], { cast: { number: (v) => String(v) } });
}
