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
    const rows = [['task', 'generator', 'intensity', 'n', 'errors', 'precision', 'recall', 'F1']];
    for (const s of result.slices) {
      if (s.detector !== detector || (s.kind !== 'generator' && s.kind !== 'overall')) continue;
      rows.push([s.task, s.kind === 'overall' ? '(all)' : s.generator!, s.intensity === null ? '' : String(s.intensity), String(s.n), String(s.errors), num(s.precision.value), num(s.recall.value), num(s.f1.value)]);
    }
    out.push(`${detector} (${how})`, textTable(rows, (c) => c >= 2), '');
  }
  for (const op of result.operating) if (op.note) out.push(`note: ${op.note}`);
  return out.join('\n').trimEnd();
}
