import { deriveSeed } from '../../core/rng.js';
import type { DetectorScores, SampleInfo } from '../store/run-data.js';
import { prCurve, rankingFromCounts, tieGroups, type GroupCounts, type TieGroups } from './stats/index.js';
import { clusterCells, clusterSums } from './stats/cluster-cells.js';
import { cellBootstrapBca, type ResamplingChoice } from './stats/cell-bootstrap.js';
import { isError, rankValue, type ErrorPolicy, type OperatingPoint } from './operating.js';
import { sliceIdentity, type SliceDef } from './slices.js';
import type { Estimate, MeasureOptions, SliceMetrics } from './slice-metrics.js';
import { bcaEstimate, wilsonEstimate } from './estimate.js';
import type { BcaInterval } from './stats/index.js';

export type { Estimate, MeasureOptions, SliceMetrics } from './slice-metrics.js';

/** A slice's items as flat arrays, ready for the statistics. */
export interface SliceArrays {
  /** Sample indexes kept. */
  index: Uint32Array;
  labels: Uint8Array;
  rank: Float64Array;
  /** Null when the operating point cannot decide. */
  decisions: Uint8Array | null;
  attacked: Uint8Array;
  cluster: Uint32Array;
  clusterCount: number;
  errors: number;
}

/** Applies the error policy to a slice's members. `drop(i)` removes more items (compare drops an item either run excluded). */
export function sliceArrays(def: SliceDef, samples: readonly SampleInfo[], s: DetectorScores, decisions: Uint8Array | null, errors: ErrorPolicy, drop?: (i: number) => boolean): SliceArrays {
  const kept: number[] = [];
  let errorCount = 0;
  for (const i of def.members) {
    const failed = isError(s, i);
    if (failed) errorCount++;
    if ((failed && errors === 'exclude') || drop?.(i)) continue;
    kept.push(i);
  }
  const n = kept.length;
  const out: SliceArrays = {
    index: Uint32Array.from(kept),
    labels: new Uint8Array(n),
    rank: new Float64Array(n),
    decisions: decisions ? new Uint8Array(n) : null,
    attacked: new Uint8Array(n),
    cluster: new Uint32Array(n),
    clusterCount: 0,
    errors: errorCount,
  };
  const clusters = new Map<string, number>();
  kept.forEach((i, k) => {
    const sample = samples[i];
    out.labels[k] = sample.label;
    out.rank[k] = rankValue(s, i);
    if (out.decisions && decisions) out.decisions[k] = decisions[i];
    out.attacked[k] = sample.role === 'negative' && sample.label === 0 ? 1 : 0;
    let c = clusters.get(sample.sourceId);
    if (c === undefined) clusters.set(sample.sourceId, (c = clusters.size));
    out.cluster[k] = c;
  });
  out.clusterCount = clusters.size;
  return out;
}

/** Group counts with item k weighted by its cluster's bootstrap weight. */
export function weightedCounts(groups: TieGroups, labels: Uint8Array, cluster: Uint32Array, weights: Uint32Array): GroupCounts {
  const pos = new Float64Array(groups.values.length);
  const neg = new Float64Array(groups.values.length);
  const { groupOf } = groups;
  for (let k = 0; k < labels.length; k++) {
    const w = weights[cluster[k]];
    if (w === 0) continue;
    if (labels[k] === 1) pos[groupOf[k]] += w;
    else neg[groupOf[k]] += w;
  }
  return { pos, neg };
}

/** F1 (2TP / (2TP + FP + FN), 0 when undefined) with optional cluster weights. */
export function weightedF1(a: SliceArrays, weights?: Uint32Array): number | null {
  if (!a.decisions) return null;
  let tp = 0;
  let wrong = 0;
  for (let k = 0; k < a.labels.length; k++) {
    const w = weights ? weights[a.cluster[k]] : 1;
    if (w === 0) continue;
    if (a.decisions[k] === 1 && a.labels[k] === 1) tp += w;
    else if (a.decisions[k] !== a.labels[k]) wrong += w;
  }
  return tp + wrong === 0 ? 0 : (2 * tp) / (2 * tp + wrong);
}

/**
 * BCa intervals of [F1, AP, ROC-AUC, ...TPR@FPR] over the slice's clusters,
 * from per-cluster totals (stats/cluster-cells.ts), resampling clusters or,
 * on a large slice, cluster types (stats/cell-bootstrap.ts).
 */
function sliceBootstrap(a: SliceArrays, groups: TieGroups, options: MeasureOptions, seed: string): { intervals: BcaInterval[]; resampling: ResamplingChoice } {
  const cells = clusterCells(groups.groupOf, groups.values.length, a.labels, a.cluster, a.clusterCount);
  const decisions = a.decisions;
  const tpItems = new Float64Array(a.labels.length);
  const wrongItems = new Float64Array(a.labels.length);
  if (decisions) {
    for (let k = 0; k < a.labels.length; k++) {
      if (decisions[k] === 1 && a.labels[k] === 1) tpItems[k] = 1;
      else if (decisions[k] !== a.labels[k]) wrongItems[k] = 1;
    }
  }
  const sums = [clusterSums(tpItems, a.cluster, a.clusterCount), clusterSums(wrongItems, a.cluster, a.clusterCount)];
  return cellBootstrapBca(
    cells,
    sums,
    (counts, [tp, wrong]) => {
      const r = rankingFromCounts(counts, options.fprLevels);
      return [!decisions ? null : tp + wrong === 0 ? 0 : (2 * tp) / (2 * tp + wrong), r.averagePrecision, r.rocAuc, ...r.tprAtFpr];
    },
    { replicates: options.replicates, seed },
  );
}

const point = (value: number | null): Estimate => ({ value, low: null, high: null });
const proportion = (successes: number, trials: number, defined: boolean): Estimate =>
  defined && trials > 0 ? wilsonEstimate(successes, trials) : defined ? { value: 0, low: null, high: null } : point(null);

/** Measures one detector on one slice. */
export function measureSlice(def: SliceDef, samples: readonly SampleInfo[], s: DetectorScores, op: OperatingPoint, options: MeasureOptions): { metrics: SliceMetrics; curve: Array<[number, number]> } {
  const a = sliceArrays(def, samples, s, op.decisions, options.errors);
  const n = a.labels.length;
  let positives = 0;
  let attackedNegatives = 0;
  let tp = 0;
  let fp = 0;
  let attackedFp = 0;
  for (let k = 0; k < n; k++) {
    const flagged = a.decisions ? a.decisions[k] === 1 : false;
    if (a.labels[k] === 1) {
      positives++;
      if (flagged) tp++;
    } else {
      if (flagged) fp++;
      if (a.attacked[k]) {
        attackedNegatives++;
        if (flagged) attackedFp++;
      }
    }
  }
  const negatives = n - positives;
  const decided = a.decisions !== null;
  const groups = tieGroups(a.rank);
  const ranking = rankingFromCounts(weightedCounts(groups, a.labels, a.cluster, new Uint32Array(a.clusterCount).fill(1)), options.fprLevels);
  const f1 = weightedF1(a);

  const boot = options.replicates > 0 && n > 0 ? sliceBootstrap(a, groups, options, deriveSeed(options.seed, op.detector, def.id)) : null;
  const intervals: BcaInterval[] = boot?.intervals ?? [];
  const withInterval = (value: number | null, k: number): Estimate => bcaEstimate(value, intervals[k]);

  const tprAtFpr: Record<string, Estimate> = {};
  options.fprLevels.forEach((level, k) => {
    tprAtFpr[String(level)] = withInterval(ranking.tprAtFpr[k], 3 + k);
  });
  const metrics: SliceMetrics = {
    detector: op.detector,
    ...sliceIdentity(def),
    n,
    positives,
    negatives,
    attackedNegatives,
    errors: a.errors,
    sources: a.clusterCount,
    threshold: op.threshold,
    precision: proportion(tp, tp + fp, decided),
    recall: proportion(tp, positives, decided),
    f1: withInterval(f1, 0),
    fpr: negatives > 0 ? proportion(fp, negatives, decided) : point(null),
    attackedFpr: attackedNegatives > 0 ? proportion(attackedFp, attackedNegatives, decided) : null,
    averagePrecision: withInterval(ranking.averagePrecision, 1),
    rocAuc: withInterval(ranking.rocAuc, 2),
    tprAtFpr,
    // Only when it is not the per-cluster draws, so the common case reads as before.
    ...(boot && boot.resampling.method !== 'clusters' ? { resampling: boot.resampling } : {}),
  };
  const curve = prCurve(groups, weightedCounts(groups, a.labels, a.cluster, new Uint32Array(a.clusterCount).fill(1))).map((p): [number, number] => [p.recall, p.precision]);
  return { metrics, curve };
}
