/**
 * Ranking metrics (average precision, ROC-AUC, TPR at a given FPR) over
 * scores collapsed into tie groups. Every curve point is one distinct score,
 * so ties are handled exactly the way scikit-learn handles them, and a
 * bootstrap replicate only re-weights the groups (no re-sort).
 */

/**
 * Scores collapsed into tie groups, highest score first. `groupOf[i]` is the
 * group of item i, so weighted counts per group take one pass over the items.
 */
export interface TieGroups {
  /** Distinct scores, descending. */
  values: Float64Array;
  /** Group index of each item, in input order. */
  groupOf: Uint32Array;
}

/** Per-group weight of positives and negatives (counts, or bootstrap weights). */
export interface GroupCounts {
  pos: Float64Array;
  neg: Float64Array;
}

/** Ranking metrics of one set of scores; `null` where undefined (see the golden file's conventions). */
export interface RankingMetrics {
  averagePrecision: number | null;
  rocAuc: number | null;
  /** One entry per requested FPR level, in the order given. */
  tprAtFpr: Array<number | null>;
}

/**
 * Groups scores by distinct value. Scores may be any numbers including
 * `-Infinity` (the harness ranks errored items last that way); NaN is
 * rejected because it has no place in an order.
 */
export function tieGroups(scores: ArrayLike<number>): TieGroups {
  const n = scores.length;
  const sorted = Float64Array.from(scores);
  for (let i = 0; i < n; i++) if (Number.isNaN(sorted[i])) throw new RangeError(`score ${i} is NaN`);
  sorted.sort(); // typed-array sort is numeric and native: the one O(n log n) step
  // Distinct values, descending.
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values = new Float64Array(distinct);
  let g = distinct;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) values[--g] = sorted[i];
  const groupOf = new Uint32Array(n);
  for (let i = 0; i < n; i++) groupOf[i] = findDescending(values, scores[i]);
  return { values, groupOf };
}

/** Index of `x` in a strictly descending array that holds it. */
function findDescending(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] > x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Distinct scores (descending) with their positive and negative counts, for
 * when no per-item group index is needed: positives and negatives are sorted
 * apart (native typed-array sorts) and merged, which skips a binary search
 * per item. Same result as `groupCounts(tieGroups(scores), labels)`.
 */
export function countsByScore(scores: ArrayLike<number>, labels: ArrayLike<number>): GroupCounts & { values: Float64Array } {
  checkSameLength(scores, labels);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(scores.length - positives);
  for (let i = 0, p = 0, q = 0; i < scores.length; i++) {
    const x = scores[i];
    if (Number.isNaN(x)) throw new RangeError(`score ${i} is NaN`);
    if (labels[i] === 1) pos[p++] = x;
    else neg[q++] = x;
  }
  pos.sort();
  neg.sort();
  const values: number[] = [];
  const posCounts: number[] = [];
  const negCounts: number[] = [];
  let i = pos.length - 1;
  let j = neg.length - 1;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    let p = 0;
    let q = 0;
    while (i >= 0 && pos[i] === v) {
      p++;
      i--;
    }
    while (j >= 0 && neg[j] === v) {
      q++;
      j--;
    }
    values.push(v);
    posCounts.push(p);
    negCounts.push(q);
  }
  return { values: Float64Array.from(values), pos: Float64Array.from(posCounts), neg: Float64Array.from(negCounts) };
}

/** Counts positives and negatives per group, optionally weighting item i by `weights[i]`. */
export function groupCounts(groups: TieGroups, labels: ArrayLike<number>, weights?: ArrayLike<number>): GroupCounts {
  const g = groups.values.length;
  const pos = new Float64Array(g);
  const neg = new Float64Array(g);
  const { groupOf } = groups;
  for (let i = 0; i < groupOf.length; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    if (labels[i] === 1) pos[groupOf[i]] += w;
    else neg[groupOf[i]] += w;
  }
  return { pos, neg };
}

/**
 * Average precision, ROC-AUC and TPR at each FPR level in one sweep from the
 * highest score down.
 * - AP: sum over distinct thresholds of (R_k - R_{k-1}) P_k (scikit-learn's
 *   step definition, no interpolation); null without positives.
 * - ROC-AUC: trapezoidal area, so a tied positive/negative pair counts half;
 *   null unless both classes are present.
 * - TPR at FPR alpha: the largest TPR over all thresholds (including "above
 *   every score", TPR 0) whose FPR <= alpha; null unless both classes are present.
 */
export function rankingFromCounts(counts: GroupCounts, fprLevels: readonly number[] = []): RankingMetrics {
  const { pos, neg } = counts;
  let totalPos = 0;
  let totalNeg = 0;
  for (let g = 0; g < pos.length; g++) {
    totalPos += pos[g];
    totalNeg += neg[g];
  }
  const tpr: number[] = fprLevels.map(() => 0);
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let area = 0;
  for (let g = 0; g < pos.length; g++) {
    const p = pos[g];
    const q = neg[g];
    if (p === 0 && q === 0) continue;
    area += q * (tp + p / 2);
    tp += p;
    fp += q;
    if (p > 0) ap += (p / totalPos) * (tp / (tp + fp));
    if (totalPos > 0 && totalNeg > 0) {
      // Same divisions as scikit-learn (fps / fps[-1]), so boundary cases like FPR exactly 0.05 agree.
      const fpr = fp / totalNeg;
      for (let k = 0; k < fprLevels.length; k++) if (fpr <= fprLevels[k]) tpr[k] = tp / totalPos;
    }
  }
  const bothClasses = totalPos > 0 && totalNeg > 0;
  return {
    averagePrecision: totalPos > 0 ? ap : null,
    rocAuc: bothClasses ? area / (totalPos * totalNeg) : null,
    tprAtFpr: tpr.map((t) => (bothClasses ? t : null)),
  };
}

/** Ranking metrics straight from scores and 0/1 labels. */
export function rankingMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, fprLevels: readonly number[] = []): RankingMetrics {
  checkSameLength(scores, labels);
  return rankingFromCounts(groupCounts(tieGroups(scores), labels), fprLevels);
}

/** scikit-learn's average_precision_score (null without positives). */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  return rankingMetrics(scores, labels).averagePrecision;
}

/** scikit-learn's roc_auc_score (null with one class only). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  return rankingMetrics(scores, labels).rocAuc;
}

/** Largest TPR over thresholds with FPR <= alpha (null with one class only). */
export function tprAtFpr(scores: ArrayLike<number>, labels: ArrayLike<number>, alpha: number): number | null {
  return rankingMetrics(scores, labels, [alpha]).tprAtFpr[0];
}

/** One point of a precision-recall curve, at threshold `threshold` (predict positive when score >= threshold). */
export interface PrPoint {
  threshold: number;
  recall: number;
  precision: number;
}

/** The precision-recall curve, highest threshold first (one point per distinct score); empty without positives. */
export function prCurve(groups: TieGroups, counts: GroupCounts): PrPoint[] {
  let totalPos = 0;
  for (const p of counts.pos) totalPos += p;
  if (totalPos === 0) return [];
  const points: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let g = 0; g < groups.values.length; g++) {
    tp += counts.pos[g];
    fp += counts.neg[g];
    if (tp + fp === 0) continue;
    points.push({ threshold: groups.values[g], recall: tp / totalPos, precision: tp / (tp + fp) });
  }
  return points;
}

export function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} scores, ${b.length} labels`);
}
