import type { Task, ThresholdPolicy } from '../../core/types.js';
import { nextUp, thresholdForFpr } from './stats/index.js';
import type { DetectorScores, SampleInfo } from '../store/run-data.js';

/**
 * How an item that ended in an error (or got no answer) enters the numbers:
 * - `miss` (default): it stays in its slices, is decided negative and ranks
 *   below every scored item. A positive with an error is a false negative; a
 *   negative with an error is a true negative.
 * - `exclude`: it leaves every slice (n, precision, recall... ignore it).
 * Either way the slice's `errors` column counts it.
 */
export type ErrorPolicy = 'miss' | 'exclude';

/** The operating point of one detector on one task. */
export interface OperatingPoint {
  detector: string;
  task: Task;
  policy: ThresholdPolicy;
  /** Predict positive when score >= threshold; null under the `label` policy or when calibration was impossible. */
  threshold: number | null;
  /** Decision per sample index (1 = flagged); null when no decision can be made (see note). */
  decisions: Uint8Array | null;
  /** Calibration split of this task: clean negatives kept out of the reported numbers. */
  calibration: {
    /** Calibration negatives with a usable answer. */
    negatives: number;
    /** Calibration negatives whose answer was an error (left out of calibration). */
    errors: number;
    /** FPR the operating threshold reaches on them; null without calibration negatives. */
    fprReached: number | null;
    /**
     * Calibration scores tied at the decision boundary, and which side they
     * went: under `fpr` the tie block just below the threshold (the scores
     * equal to the highest unflagged one) stays unflagged, so the FPR never
     * exceeds the target; under `fixed` scores equal to the threshold are
     * flagged (score >= threshold). Absent under `label`.
     */
    ties?: { count: number; decided: 'not flagged' | 'flagged' };
  };
  note?: string;
}

/** True when sample i has no usable answer from the detector. */
export function isError(s: DetectorScores, i: number): boolean {
  return s.present[i] === 0 || s.error[i] === 1;
}

/**
 * The value items are ranked by: the score, or the detector's label when it
 * gives only labels; errors rank last (-Infinity).
 */
export function rankValue(s: DetectorScores, i: number): number {
  if (isError(s, i)) return -Infinity;
  const score = s.score[i];
  if (Number.isFinite(score)) return score;
  return s.label[i] >= 0 ? s.label[i] : -Infinity;
}

/** Applies a threshold policy to one detector on one task. */
export function operatingPoint(detector: string, task: Task, samples: readonly SampleInfo[], s: DetectorScores, policy: ThresholdPolicy): OperatingPoint {
  const calibrationScores: number[] = [];
  const calibrationLabels: number[] = [];
  let errors = 0;
  let calibrationTotal = 0;
  samples.forEach((sample, i) => {
    if (sample.task !== task || sample.split !== 'calibration' || sample.label !== 0) return;
    calibrationTotal++;
    if (isError(s, i)) {
      errors++;
      return;
    }
    if (Number.isFinite(s.score[i])) calibrationScores.push(s.score[i]);
    if (s.label[i] >= 0) calibrationLabels.push(s.label[i]);
  });
  const base = { detector, task, policy };
  const byThreshold = (threshold: number): Uint8Array => {
    const decisions = new Uint8Array(samples.length);
    samples.forEach((sample, i) => {
      if (sample.task === task && !isError(s, i) && s.score[i] >= threshold) decisions[i] = 1;
    });
    return decisions;
  };
  const share = (values: number[], flagged: (v: number) => boolean) => (values.length === 0 ? null : values.filter(flagged).length / values.length);

  if (policy.kind === 'label') {
    const decisions = new Uint8Array(samples.length);
    let labelled = 0;
    samples.forEach((sample, i) => {
      if (sample.task !== task || isError(s, i) || s.label[i] < 0) return;
      labelled++;
      decisions[i] = s.label[i];
    });
    if (labelled === 0) {
      return { ...base, threshold: null, decisions: null, calibration: { negatives: calibrationLabels.length, errors, fprReached: null }, note: `${detector} gives no labels on ${task}; choose --threshold fpr:0.05 or fixed:<x>` };
    }
    return { ...base, threshold: null, decisions, calibration: { negatives: calibrationLabels.length, errors, fprReached: share(calibrationLabels, (l) => l === 1) } };
  }
  if (policy.kind === 'fixed') {
    const ties = { count: calibrationScores.filter((v) => v === policy.value).length, decided: 'flagged' as const };
    return { ...base, threshold: policy.value, decisions: byThreshold(policy.value), calibration: { negatives: calibrationScores.length, errors, fprReached: share(calibrationScores, (v) => v >= policy.value), ties } };
  }
  if (calibrationScores.length === 0) {
    const why = calibrationTotal === 0 ? `the dataset has no calibration negatives for ${task}` : `${detector} gave no finite score on the ${calibrationTotal} calibration negatives of ${task}`;
    return { ...base, threshold: null, decisions: null, calibration: { negatives: 0, errors, fprReached: null }, note: `cannot calibrate at FPR ${policy.target}: ${why}` };
  }
  const c = thresholdForFpr(calibrationScores, policy.target);
  // With n negatives the FPR moves in steps of 1/n: say so when a step is large next to the target.
  const coarse = policy.target > 0 && 1 / c.negatives > policy.target / 4 ? `only ${c.negatives} calibration negatives: the FPR moves in steps of ${(1 / c.negatives).toFixed(3)}` : undefined;
  // The threshold is the double just above the pivot score: the pivot's tie block is the one left unflagged.
  const ties = { count: Number.isFinite(c.threshold) ? calibrationScores.filter((v) => nextUp(v) === c.threshold).length : 0, decided: 'not flagged' as const };
  return { ...base, threshold: c.threshold, decisions: byThreshold(c.threshold), calibration: { negatives: c.negatives, errors, fprReached: c.fprReached, ties }, ...(coarse ? { note: coarse } : {}) };
}

/** One line saying what a policy means, for reports. */
export function describePolicy(policy: ThresholdPolicy): string {
  if (policy.kind === 'label') return "the detector's own label";
  if (policy.kind === 'fixed') return `fixed threshold ${policy.value} (flag when score >= ${policy.value})`;
  return `calibrated at ${+(policy.target * 100).toFixed(4)}% FPR on the calibration negatives of each task (flag when score >= threshold)`;
}
