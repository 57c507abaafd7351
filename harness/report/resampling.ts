/**
 * The sentence that says which slices' bootstraps drew over cluster types
 * instead of one source document at a time (harness/evaluate/stats/
 * cell-bootstrap.ts), shared by report.md and report.html. Empty when every
 * slice drew documents, so those reports read as before.
 */
import type { MetricsResult } from '../evaluate/metrics.js';

export function resamplingNote(result: MetricsResult): string {
  const typed = result.slices.filter((s) => s.resampling?.method === 'cluster-types');
  if (typed.length === 0) return '';
  const smallest = Math.min(...typed.map((s) => s.resampling!.clusters));
  return ` ${typed.length} of ${result.slices.length} slices (${smallest.toLocaleString('en-US')} source documents or more, falling in at most half as many distinct per-document totals) drew how often each distinct total is picked (multinomial counts: the same distribution as drawing documents one by one, at a cost that no longer grows with the slice); metrics.json names each one's \`resampling\` and why.`;
}
