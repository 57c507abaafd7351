import type { MetricsResult } from '../metrics.js';
import { num, textTable } from './format.js';

/**
 * The compact terminal table `npm start` prints: per detector, task x
 * generator x intensity with n, precision, recall, F1 (overall row first).
 */
export function summaryTable(result: MetricsResult): string {
  const out: string[] = [];
  const policy = result.settings.threshold;
  const how = policy.kind === 'label' ? "detector's own label" : policy.kind === 'fixed' ? `threshold ${policy.value}` : `threshold calibrated at ${+(policy.target * 100).toFixed(4)}% FPR`;
  for (const detector of [...new Set(result.slices.map((s) => s.detector))]) {
    const mine = result.slices.filter((s) => s.detector === detector && (s.kind === 'generator' || s.kind === 'overall'));
    // The spans task reports character precision and recall, and plagdet in its own column.
    const spans = mine.some((s) => s.spans);
    const rows = [['task', 'generator', 'intensity', 'n', 'errors', 'precision', 'recall', 'F1', ...(spans ? ['plagdet'] : [])]];
    for (const s of mine) {
      const [p, r, f] = s.spans ? [s.spans.precision.value, s.spans.recall.value, null] : [s.precision.value, s.recall.value, s.f1.value];
      rows.push([s.task, s.kind === 'overall' ? '(all)' : s.generator!, s.intensity === null ? '' : String(s.intensity), String(s.n), String(s.errors), num(p), num(r), num(f), ...(spans ? [num(s.spans?.plagdet.value)] : [])]);
    }
    out.push(`${detector} (${how})`, textTable(rows, (c) => c >= 2), '');
  }
  for (const op of result.operating) if (op.note) out.push(`note: ${op.note}`);
  return out.join('\n').trimEnd();
}
