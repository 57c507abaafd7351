/**
 * Warnings a run's numbers deserve, computed from its metrics so that every
 * place that shows a summary (run, report, merge, the library) says the same
 * thing once: calibration sets too small for the FPR target, detectors whose
 * scores carry no ranking, operating points that could not be set.
 */
import type { MetricsResult, OperatingSummary } from './metrics.js';

/**
 * Calibration negatives an FPR target wants: with n negatives the calibrated
 * FPR moves in steps of 1/n, and a step above a quarter of the target is too
 * coarse. The same rule as operating.ts's "only N calibration negatives"
 * note (warnings.test.ts holds the two together).
 */
export function calibrationNegativesWanted(target: number): number {
  return Math.ceil(4 / target);
}

/** True when the operating point was calibrated on fewer negatives than its FPR target wants. */
export function calibrationShortfall(op: Pick<OperatingSummary, 'policy' | 'calibration'>): boolean {
  const n = op.calibration.negatives;
  return op.policy.kind === 'fpr' && op.policy.target > 0 && n > 0 && n < calibrationNegativesWanted(op.policy.target);
}

const percent = (x: number) => `${+(x * 100).toFixed(4)}%`;

/**
 * The warnings of a run's metrics, one sentence each, most general first:
 * - a task whose calibration split is smaller than the FPR target wants
 *   (once per task, not once per detector);
 * - every other operating-point note (no labels, nothing to calibrate on);
 * - a detector that gave every test item of a task the same score (its
 *   ranking says nothing: ROC-AUC 0.5, TPR at any FPR 0 or 1).
 */
export function metricsWarnings(result: MetricsResult): string[] {
  const out: string[] = [];
  const short = new Map<string, { target: number; counts: number[] }>();
  for (const op of result.operating) {
    if (!calibrationShortfall(op) || op.policy.kind !== 'fpr') continue;
    const entry = short.get(op.task) ?? { target: op.policy.target, counts: [] };
    entry.counts.push(op.calibration.negatives);
    short.set(op.task, entry);
  }
  for (const [task, { target, counts }] of short) {
    const low = Math.min(...counts);
    const high = Math.max(...counts);
    const n = low === high ? String(low) : `${low} to ${high}`;
    out.push(`${task}: only ${n} calibration negatives, ${calibrationNegativesWanted(target)} wanted to calibrate at ${percent(target)} FPR (the FPR moves in steps of ${(1 / low).toFixed(3)}); a larger corpus gives more`);
  }
  for (const op of result.operating) {
    // A shortfall's own note is the per-task line above.
    if (op.note && !calibrationShortfall(op) && !out.includes(op.note)) out.push(op.note);
  }
  for (const curve of result.curves) {
    const slice = result.slices.find((s) => s.detector === curve.detector && s.slice === curve.slice);
    if (!slice || slice.kind !== 'overall') continue;
    // One point on the PR curve = one tie group: every item ranked alike. A detector that only errored is reported as failed instead.
    if (curve.points.length === 1 && slice.errors < slice.n) {
      out.push(`${curve.detector} gave every ${slice.task} item the same score: its ranking says nothing (ROC-AUC 0.5); check that it reads its input`);
    }
  }
  return out;
}
