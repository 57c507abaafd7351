/**
 * A clustered slice summarised per cluster, for the bootstrap. Every
 * bootstrap statistic here (F1 at a threshold, AP, ROC-AUC, TPR@FPR, span
 * figures) is a function of weighted totals: per tie group, the positives and
 * negatives, or a few counts. A resample only changes the clusters' weights,
 * so the totals are sum_c w_c x (cluster c's own totals): computed from each
 * cluster's non-empty cells, not from every item again, and a leave-one-out
 * total is the full total minus one cluster. The counts are whole numbers, so
 * the sums are exact in doubles and give the very values the per-item sums
 * gave (bit for bit): only the cost changes.
 */
import type { GroupCounts } from './ranking.js';

/** Each cluster's (tie group, positives, negatives) cells, in CSR form. */
export interface ClusterCells {
  clusterCount: number;
  groupCount: number;
  /** Cluster c's cells are start[c] .. start[c + 1] - 1. */
  start: Uint32Array;
  group: Uint32Array;
  pos: Float64Array;
  neg: Float64Array;
}

/**
 * Groups items by cluster and, within one, by tie group. `cluster` null
 * means each item is its own cluster (index = item).
 */
export function clusterCells(groupOf: ArrayLike<number>, groupCount: number, labels: ArrayLike<number>, cluster: ArrayLike<number> | null, clusterCount: number): ClusterCells {
  const n = groupOf.length;
  const clusterOf = (i: number) => (cluster ? cluster[i] : i);
  // Counting sort of the items by cluster.
  const itemStart = new Uint32Array(clusterCount + 1);
  for (let i = 0; i < n; i++) itemStart[clusterOf(i) + 1]++;
  for (let c = 0; c < clusterCount; c++) itemStart[c + 1] += itemStart[c];
  const fill = itemStart.slice(0, clusterCount);
  const items = new Uint32Array(n);
  for (let i = 0; i < n; i++) items[fill[clusterOf(i)]++] = i;
  // Cells: the distinct groups of each cluster (slot[g] = its cell while the cluster is open).
  const slot = new Int32Array(groupCount).fill(-1);
  const start = new Uint32Array(clusterCount + 1);
  const group: number[] = [];
  const pos: number[] = [];
  const neg: number[] = [];
  for (let c = 0; c < clusterCount; c++) {
    start[c] = group.length;
    for (let k = itemStart[c]; k < itemStart[c + 1]; k++) {
      const i = items[k];
      const g = groupOf[i];
      let cell = slot[g];
      if (cell < start[c]) {
        cell = group.length;
        slot[g] = cell;
        group.push(g);
        pos.push(0);
        neg.push(0);
      }
      if (labels[i] === 1) pos[cell]++;
      else neg[cell]++;
    }
  }
  start[clusterCount] = group.length;
  return { clusterCount, groupCount, start, group: Uint32Array.from(group), pos: Float64Array.from(pos), neg: Float64Array.from(neg) };
}

/** Totals per group with cluster c weighted by `weights[c]`, written into `out` (allocated when absent). */
export function weightedCells(cells: ClusterCells, weights: ArrayLike<number>, out?: GroupCounts): GroupCounts {
  const counts = out ?? { pos: new Float64Array(cells.groupCount), neg: new Float64Array(cells.groupCount) };
  counts.pos.fill(0);
  counts.neg.fill(0);
  const { start, group, pos, neg } = cells;
  for (let c = 0; c < cells.clusterCount; c++) {
    const w = weights[c];
    if (w === 0) continue;
    for (let k = start[c]; k < start[c + 1]; k++) {
      counts.pos[group[k]] += w * pos[k];
      counts.neg[group[k]] += w * neg[k];
    }
  }
  return counts;
}

/**
 * Calls `fn` with the totals of every cluster but `cluster` (the full
 * totals `full`, changed in place and restored before returning).
 */
export function withoutCluster<T>(cells: ClusterCells, full: GroupCounts, cluster: number, fn: (counts: GroupCounts) => T): T {
  const { start, group, pos, neg } = cells;
  for (let k = start[cluster]; k < start[cluster + 1]; k++) {
    full.pos[group[k]] -= pos[k];
    full.neg[group[k]] -= neg[k];
  }
  try {
    return fn(full);
  } finally {
    for (let k = start[cluster]; k < start[cluster + 1]; k++) {
      full.pos[group[k]] += pos[k];
      full.neg[group[k]] += neg[k];
    }
  }
}

/** Per-cluster sums of per-item values (whole numbers, for exact weighted sums). */
export function clusterSums(values: ArrayLike<number>, cluster: ArrayLike<number> | null, clusterCount: number): Float64Array {
  const out = new Float64Array(clusterCount);
  for (let i = 0; i < values.length; i++) out[cluster ? cluster[i] : i] += values[i];
  return out;
}

/** sum_c w_c x sums[c]. */
export function weightedSum(sums: Float64Array, weights: ArrayLike<number>): number {
  let total = 0;
  for (let c = 0; c < sums.length; c++) if (weights[c] !== 0) total += weights[c] * sums[c];
  return total;
}
