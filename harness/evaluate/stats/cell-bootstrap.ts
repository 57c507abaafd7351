/**
 * The clustered BCa bootstrap of statistics that depend on the data only
 * through weighted per-cluster totals (tie-group cells and a few sums; see
 * cluster-cells.ts), adaptive to the slice's size:
 *
 * - 'clusters': each resample draws `clusters` cluster indices uniformly
 *   (clusterResamples): the resamples every bootstrap here has always used.
 * - 'cluster-types': clusters whose totals are identical (same cells, same
 *   sums: a "type") are interchangeable, so only how often each type is
 *   drawn matters. The cluster weights are Multinomial(C; 1/C each), hence
 *   the type totals are Multinomial(C; m_t / C) with m_t the type's
 *   clusters: drawn directly (binomial.ts), each resample has exactly the
 *   distribution of the cluster resample, at O(types) instead of
 *   O(clusters). The leave-one-out value is the same for every cluster of a
 *   type: computed once, counted m_t times in the acceleration. Only the
 *   random stream differs, so intervals move by Monte Carlo noise only.
 *
 * The second is used when it pays and the first would be costly: at least
 * TYPE_MIN_CLUSTERS clusters and at most half as many types. Below that the
 * result stays the one of the cluster draws (and the same seed gives the
 * same intervals as before).
 */
import { createRng } from '../../../core/rng.js';
import { bcaFromReplicates, clusterBootstrapBca, type BcaInterval, type BcaOptions } from './bca.js';
import { multinomial } from './binomial.js';
import { weightedCells, weightedSum, withoutCluster, type ClusterCells } from './cluster-cells.js';
import type { GroupCounts } from './ranking.js';

export type Resampling = 'clusters' | 'cluster-types';

/** Which resampling a bootstrap used, and why. */
export interface ResamplingChoice {
  method: Resampling;
  clusters: number;
  /** Distinct cluster totals; null when not counted (too few clusters for it to matter). */
  types: number | null;
  reason: string;
}

/** Below this many clusters a slice keeps the per-cluster draws. */
export const TYPE_MIN_CLUSTERS = 2000;

/** Clusters grouped by identical totals. */
export interface ClusterTypes {
  count: number;
  /** Clusters of each type (m_t). */
  multiplicity: Uint32Array;
  /** One cluster of each type. */
  representative: Uint32Array;
}

/** Groups clusters whose cells (in group order) and sums are all equal. */
export function clusterTypes(cells: ClusterCells, sums: readonly Float64Array[]): ClusterTypes {
  const index = new Map<string, number>();
  const multiplicity: number[] = [];
  const representative: number[] = [];
  const order: number[] = [];
  for (let c = 0; c < cells.clusterCount; c++) {
    order.length = 0;
    for (let k = cells.start[c]; k < cells.start[c + 1]; k++) order.push(k);
    order.sort((x, y) => cells.group[x] - cells.group[y]);
    let key = '';
    for (const k of order) key += `${cells.group[k]}:${cells.pos[k]}:${cells.neg[k]},`;
    for (const s of sums) key += `|${s[c]}`;
    const t = index.get(key);
    if (t === undefined) {
      index.set(key, multiplicity.length);
      multiplicity.push(1);
      representative.push(c);
    } else multiplicity[t]++;
  }
  return { count: multiplicity.length, multiplicity: Uint32Array.from(multiplicity), representative: Uint32Array.from(representative) };
}

/** The cells of the given clusters only, in that order. */
function pickClusters(cells: ClusterCells, clusters: Uint32Array): ClusterCells {
  const start = new Uint32Array(clusters.length + 1);
  for (let t = 0; t < clusters.length; t++) start[t + 1] = start[t] + cells.start[clusters[t] + 1] - cells.start[clusters[t]];
  const size = start[clusters.length];
  const out: ClusterCells = { clusterCount: clusters.length, groupCount: cells.groupCount, start, group: new Uint32Array(size), pos: new Float64Array(size), neg: new Float64Array(size) };
  for (let t = 0; t < clusters.length; t++) {
    const from = cells.start[clusters[t]];
    const to = cells.start[clusters[t] + 1];
    out.group.set(cells.group.subarray(from, to), start[t]);
    out.pos.set(cells.pos.subarray(from, to), start[t]);
    out.neg.set(cells.neg.subarray(from, to), start[t]);
  }
  return out;
}

/** The statistics of one set of weighted totals; null where undefined. */
export type CellStatistic = (counts: GroupCounts, sums: readonly number[]) => Array<number | null>;

/**
 * BCa intervals of `statistic` over cluster resamples, from per-cluster
 * `cells` and per-cluster `sums`, by the resampling chosen for the slice's
 * size (see the module comment); `resampling` says which and why.
 * `force` picks one regardless (for tests and benches).
 */
export function cellBootstrapBca(
  cells: ClusterCells,
  sums: readonly Float64Array[],
  statistic: CellStatistic,
  options: BcaOptions & { force?: Resampling },
): { intervals: BcaInterval[]; resampling: ResamplingChoice } {
  const clusters = cells.clusterCount;
  const types = options.force === 'cluster-types' || (options.force === undefined && clusters >= TYPE_MIN_CLUSTERS) ? clusterTypes(cells, sums) : null;
  if (types && (options.force === 'cluster-types' || types.count * 2 <= clusters)) {
    const intervals = weightedBootstrap(pickClusters(cells, types.representative), sums.map((s) => Float64Array.from(types.representative, (c) => s[c])), types.multiplicity, clusters, statistic, options);
    return { intervals, resampling: { method: 'cluster-types', clusters, types: types.count, reason: `${clusters} clusters in ${types.count} distinct types: multinomial draws over the types` } };
  }
  const reason =
    types === null ? `${clusters} clusters (< ${TYPE_MIN_CLUSTERS}): cluster draws` : `${clusters} clusters in ${types.count} distinct types (more than half): cluster draws`;
  return { intervals: weightedBootstrap(cells, sums, null, clusters, statistic, options), resampling: { method: 'clusters', clusters, types: types?.count ?? null, reason } };
}

/**
 * Resamples over "units" (clusters, or types with multiplicities `mult`):
 * the statistic of sum_u w_u x (unit u's totals), the leave-one-cluster-out
 * values by subtracting one copy of a unit.
 */
function weightedBootstrap(cells: ClusterCells, sums: readonly Float64Array[], mult: Uint32Array | null, clusters: number, statistic: CellStatistic, options: BcaOptions): BcaInterval[] {
  const scratch: GroupCounts = { pos: new Float64Array(cells.groupCount), neg: new Float64Array(cells.groupCount) };
  const full = weightedCells(cells, mult ?? new Uint32Array(clusters).fill(1));
  const fullSums = sums.map((s) => weightedSum(s, mult ?? new Uint32Array(clusters).fill(1)));
  const onWeights = (w: Uint32Array) =>
    statistic(
      weightedCells(cells, w, scratch),
      sums.map((s) => weightedSum(s, w)),
    );
  const leaveOneOut = (u: number) =>
    withoutCluster(
      cells,
      full,
      u,
      (counts) => statistic(counts, fullSums.map((f, k) => f - sums[k][u])),
    );
  if (!mult) return clusterBootstrapBca(clusters, onWeights, options, leaveOneOut);
  return typeReplicates(mult, clusters, onWeights, leaveOneOut, options);
}

/**
 * BCa from multinomial type totals: the estimate at the multiplicities, B
 * resamples of Multinomial(C; m_t / C) from one Alea stream seeded with
 * `options.seed`, and each type's leave-one-out value repeated m_t times.
 */
function typeReplicates(
  mult: Uint32Array,
  clusters: number,
  onWeights: (w: Uint32Array) => ReadonlyArray<number | null>,
  leaveOneOut: (type: number) => ReadonlyArray<number | null>,
  options: BcaOptions,
): BcaInterval[] {
  const point = [...onWeights(mult)];
  const rng = createRng(options.seed);
  const w = new Uint32Array(mult.length);
  const replicates: number[][] = point.map(() => []);
  for (let b = 0; b < options.replicates; b++) {
    const values = onWeights(multinomial(rng, clusters, mult, w));
    for (let s = 0; s < point.length; s++) replicates[s].push(values[s] ?? NaN);
  }
  const jackknife: Array<Array<number | null>> = point.map(() => []);
  if (clusters >= 2) {
    for (let t = 0; t < mult.length; t++) {
      const values = leaveOneOut(t);
      for (let s = 0; s < point.length; s++) for (let m = 0; m < mult[t]; m++) jackknife[s].push(values[s] ?? null);
    }
  }
  return point.map((estimate, s) => bcaFromReplicates(estimate, replicates[s], jackknife[s], options.confidence ?? 0.95));
}
