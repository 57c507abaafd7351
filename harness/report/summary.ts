import type { MetricsResult } from '../evaluate/metrics.js';
import { num, textTable } from './format.js';

/**
 * The compact terminal table `npm start` prints: per detector and task, the
 * whole task and each attack family, with n, precision, recall and F1 (or
 * plagdet for spans). Every generator x intensity slice is in the report.
 */
export function summaryTable(result: MetricsResult): string {
  const policy = result.settings.threshold;
  const how = policy.kind === 'label' ? "the detector's own label" : policy.kind === 'fixed' ? `threshold ${policy.value}` : `threshold calibrated at ${+(policy.target * 100).toFixed(4)}% FPR`;
  const spans = result.slices.some((s) => s.spans);
  const rows = [['detector', 'task', 'slice', 'n', 'errors', 'precision', 'recall', spans ? 'F1 | plagdet' : 'F1']];
  for (const detector of [...new Set(result.slices.map((s) => s.detector))]) {
    const mine = result.slices.filter((s) => s.detector === detector && (s.kind === 'overall' || s.kind === 'family'));
    for (const s of mine) {
      const [p, r, f] = s.spans ? [s.spans.precision.value, s.spans.recall.value, s.spans.plagdet.value] : [s.precision.value, s.recall.value, s.f1.value];
      rows.push([detector, s.task, s.kind === 'overall' ? 'all' : `family: ${s.family}`, String(s.n), String(s.errors), num(p), num(r), num(f)]);
    }
  }
  const notes = [...new Set(result.operating.map((op) => op.note).filter((n): n is string => Boolean(n)))];
  return [`Operating point: ${how}. Per generator and intensity: see the report.`, textTable(rows, (c) => c >= 3), ...notes.map((n) => `note: ${n}`)].join('\n');
}
