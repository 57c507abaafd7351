/**
 * Decisions at an operating threshold, and the threshold that reaches a
 * target false-positive rate. The rule everywhere: predict positive when
 * score >= threshold.
 */

/** Counts of a confusion matrix (weights allowed). */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Precision, recall and F1 with zero_division=0: a ratio with a zero denominator is 0. */
export interface AtThreshold {
  precision: number;
  recall: number;
  f1: number;
}

/** Confusion matrix of 0/1 decisions against 0/1 labels. */
export function confusion(decisions: ArrayLike<number>, labels: ArrayLike<number>): Confusion {
  if (decisions.length !== labels.length) throw new RangeError(`length mismatch: ${decisions.length} decisions, ${labels.length} labels`);
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < labels.length; i++) {
    if (decisions[i] === 1) {
      if (labels[i] === 1) c.tp++;
      else c.fp++;
    } else if (labels[i] === 1) c.fn++;
    else c.tn++;
  }
  return c;
}

/** Precision, recall, F1 of a confusion matrix (zero_division=0). */
export function fromConfusion(c: Confusion): AtThreshold {
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    // 2TP / (2TP + FP + FN): equal to the harmonic mean, and defined when precision + recall = 0.
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
  };
}

/** Precision, recall and F1 when predicting positive for score >= threshold. */
export function atThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): AtThreshold {
  const decisions = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) decisions[i] = scores[i] >= threshold ? 1 : 0;
  return fromConfusion(confusion(decisions, labels));
}

/** What calibration at a target FPR found. */
export interface FprCalibration {
  /** Predict positive when score >= threshold. `-Infinity` when every negative may be flagged (target >= 1). */
  threshold: number;
  /** FPR the threshold actually reaches on the given negatives (<= target). */
  fprReached: number;
  /** Negatives at or above the threshold. */
  falsePositives: number;
  negatives: number;
}

/**
 * The lowest threshold whose FPR on `negatives` is at most `target`, found
 * by exact order statistics rather than a search, so it works for logits,
 * unbounded scores and heavy ties alike.
 *
 * With k = the largest count such that k / n <= target (checked with the
 * same division the FPR uses, so 0.29 * 100 cannot round to 28), the
 * threshold is the smallest double above the (k+1)-th highest negative score:
 * every negative strictly above it is allowed, the tie block at it is not.
 * Calibrating on a set's own negatives therefore recovers exactly the TPR
 * at FPR <= target of `rankingMetrics`.
 *
 * Throws on an empty set, a target outside [0, 1], and non-finite scores
 * (NaN or infinite scores are detector errors, not numbers).
 */
export function thresholdForFpr(negatives: ArrayLike<number>, target: number): FprCalibration {
  const n = negatives.length;
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target FPR must be in [0, 1], got ${target}`);
  if (n === 0) throw new RangeError('no negatives to calibrate on');
  const sorted = Float64Array.from(negatives);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sorted[i])) throw new RangeError(`negative score ${i} is ${sorted[i]}; non-finite scores are errors`);
  }
  sorted.sort();
  let k = Math.min(n, Math.floor(target * n));
  while (k < n && (k + 1) / n <= target) k++;
  while (k > 0 && k / n > target) k--;
  if (k >= n) return { threshold: -Infinity, fprReached: 1, falsePositives: n, negatives: n };
  // The (k+1)-th highest score, ascending index n - 1 - k.
  const pivot = sorted[n - 1 - k];
  const threshold = nextUp(pivot);
  let falsePositives = 0;
  for (let i = n - 1; i >= 0 && sorted[i] >= threshold; i--) falsePositives++;
  return { threshold, fprReached: falsePositives / n, falsePositives, negatives: n };
}

/**
 * `thresholdForFpr` on negatives already collapsed into distinct scores
 * (descending `values`, `negatives[g]` = count at `values[g]`), e.g. from
 * `countsByScore`: no second sort. Same result; scores must be finite.
 */
export function thresholdFromCounts(values: ArrayLike<number>, negatives: ArrayLike<number>, target: number): FprCalibration {
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target FPR must be in [0, 1], got ${target}`);
  let n = 0;
  for (let g = 0; g < values.length; g++) {
    if (negatives[g] > 0 && !Number.isFinite(values[g])) throw new RangeError(`a negative score is ${values[g]}; non-finite scores are errors`);
    n += negatives[g];
  }
  if (n === 0) throw new RangeError('no negatives to calibrate on');
  let k = Math.min(n, Math.floor(target * n));
  while (k < n && (k + 1) / n <= target) k++;
  while (k > 0 && k / n > target) k--;
  if (k >= n) return { threshold: -Infinity, fprReached: 1, falsePositives: n, negatives: n };
  // Walk down the tie blocks: the first block that would push the count past k holds the pivot.
  let above = 0;
  for (let g = 0; g < values.length; g++) {
    if (negatives[g] === 0) continue;
    if (above + negatives[g] > k) return { threshold: nextUp(values[g]), fprReached: above / n, falsePositives: above, negatives: n };
    above += negatives[g];
  }
  /* c8 ignore next */
  throw new Error('unreachable: k < n negatives always leaves a pivot');
}

const scratch = new DataView(new ArrayBuffer(8));

/** The smallest double greater than x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE; // covers -0 too
  scratch.setFloat64(0, x);
  const bits = scratch.getBigInt64(0);
  scratch.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return scratch.getFloat64(0);
}
