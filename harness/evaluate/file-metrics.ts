import type { ThresholdPolicy } from '../../core/types.js';
import { countsByScore, rankingFromCounts, thresholdFromCounts, tieGroups, type GroupCounts } from './stats/index.js';
import type { Estimate } from './measure.js';
import { bcaEstimate, wilsonEstimate } from './estimate.js';
import type { BcaInterval } from './stats/index.js';
import { clusterCells, clusterSums } from './stats/cluster-cells.js';
import { cellBootstrapBca, type ResamplingChoice } from './stats/cell-bootstrap.js';
import type { ScoreColumns } from './scores-file.js';

/** Every metric of one set of labelled scores (`gauntlet metrics`). */
export interface FileMetrics {
  n: number;
  positives: number;
  negatives: number;
  /** Bootstrap clusters: distinct groups, or rows when there is no group column. */
  clusters: number;
  threshold: {
    policy: ThresholdPolicy;
    /** Predict positive when score >= value. */
    value: number;
    /** FPR on this file's negatives at that threshold; null without negatives. */
    fpr: Estimate;
  };
  /** At the threshold, zero_division=0; Wilson intervals for precision and recall, BCa bootstrap for F1. */
  precision: Estimate;
  recall: Estimate;
  f1: Estimate;
  averagePrecision: Estimate;
  rocAuc: Estimate;
  tprAtFpr: Record<string, Estimate>;
  /** `resampling` only when not the per-cluster draws (stats/cell-bootstrap.ts). */
  bootstrap: { replicates: number; seed: string; cluster: 'group' | 'row'; resampling?: ResamplingChoice };
}

export interface FileMetricsOptions {
  /** Default: calibrated at 5% FPR on the file's own negatives. */
  threshold?: ThresholdPolicy;
  /** Default 1000; 0 skips the bootstrap. */
  bootstrap?: number;
  seed?: string;
  fprLevels?: number[];
}

/** Computes every metric on labelled scores; rank metrics in one sort, the bootstrap re-weights tie groups. */
export function fileMetrics(data: ScoreColumns, options: FileMetricsOptions = {}): FileMetrics {
  const policy = options.threshold ?? { kind: 'fpr', target: 0.05 };
  if (policy.kind === 'label') throw new RangeError('a scores file has no detector labels; use a fixed or fpr threshold');
  const replicates = options.bootstrap ?? 1000;
  const seed = options.seed ?? '0';
  const levels = options.fprLevels ?? [0.01, 0.05, 0.1];
  const { scores, labels } = data;
  const n = scores.length;

  // One pass of two native sorts gives every point metric; per-item group
  // indexes (a binary search per row) are built only for the bootstrap.
  const counts = countsByScore(scores, labels);
  let positives = 0;
  for (const p of counts.pos) positives += p;
  const negatives = n - positives;
  let threshold: number;
  if (policy.kind === 'fixed') threshold = policy.value;
  else {
    if (negatives === 0) throw new RangeError('cannot calibrate at a target FPR: the file has no negatives');
    threshold = thresholdFromCounts(counts.values, counts.neg, policy.target).threshold;
  }
  let tp = 0;
  let fp = 0;
  for (let g = 0; g < counts.values.length && counts.values[g] >= threshold; g++) {
    tp += counts.pos[g];
    fp += counts.neg[g];
  }
  const fn = positives - tp;
  const ranking = rankingFromCounts(counts, levels);

  let intervals: BcaInterval[] = [];
  let resampling: ResamplingChoice | null = null;
  if (replicates > 0) {
    const groups = tieGroups(scores);
    const cluster = data.groups ?? null;
    const { groupOf } = groups;
    const flagged = (i: number) => groups.values[groupOf[i]] >= threshold;
    // Per-cluster totals (stats/cluster-cells.ts): same resamples and values as re-weighting every row.
    const cells = clusterCells(groupOf, groups.values.length, labels, cluster, data.groupCount);
    const tpSums = clusterSums(Float64Array.from(labels, (l, i) => (l === 1 && flagged(i) ? 1 : 0)), cluster, data.groupCount);
    const wrongSums = clusterSums(Float64Array.from(labels, (l, i) => ((l === 1) !== flagged(i) ? 1 : 0)), cluster, data.groupCount);
    const boot = cellBootstrapBca(
      cells,
      [tpSums, wrongSums],
      (c, [wtp, wrong]) => {
        const r = rankingFromCounts(c, levels);
        return [wtp + wrong === 0 ? 0 : (2 * wtp) / (2 * wtp + wrong), r.averagePrecision, r.rocAuc, ...r.tprAtFpr];
      },
      { replicates, seed },
    );
    intervals = boot.intervals;
    resampling = boot.resampling;
  }
  const boot = (value: number | null, k: number): Estimate => bcaEstimate(value, intervals[k]);
  const prop = (s: number, t: number): Estimate => (t === 0 ? { value: 0, low: null, high: null } : wilsonEstimate(s, t));
  const tprAtFpr: Record<string, Estimate> = {};
  levels.forEach((level, k) => (tprAtFpr[String(level)] = boot(ranking.tprAtFpr[k], 3 + k)));
  return {
    n,
    positives,
    negatives,
    clusters: data.groupCount,
    threshold: { policy, value: threshold, fpr: negatives === 0 ? { value: null, low: null, high: null } : prop(fp, negatives) },
    precision: prop(tp, tp + fp),
    recall: prop(tp, positives),
    f1: boot(tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn), 0),
    averagePrecision: boot(ranking.averagePrecision, 1),
    rocAuc: boot(ranking.rocAuc, 2),
    tprAtFpr,
    bootstrap: { replicates, seed, cluster: data.groups ? 'group' : 'row', ...(resampling && resampling.method !== 'clusters' ? { resampling } : {}) },
  };
}
