import { createRng } from '../../../core/rng.js';

/** A 95% interval; both ends null when the quantity is undefined. */
export interface Interval {
  low: number | null;
  high: number | null;
}

/** The 0.975 quantile of the standard normal (scipy.stats.norm.ppf(0.975)). */
export const Z95 = 1.959963984540054;

/**
 * 95% Wilson score interval for `successes` out of `trials`. Unlike the
 * normal approximation it stays inside [0, 1] and is not degenerate at 0 or
 * n successes. Null ends for zero trials.
 */
export function wilson(successes: number, trials: number, z = Z95): Interval {
  if (!(trials > 0)) return { low: null, high: null };
  if (successes < 0 || successes > trials) throw new RangeError(`successes ${successes} outside [0, ${trials}]`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Quantile of sorted values with linear interpolation (numpy's default, type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty set');
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Settings of a bootstrap. */
export interface BootstrapOptions {
  /** Number of resamples (e.g. 1000). */
  replicates: number;
  /** Seed string; the same seed gives the same intervals. */
  seed: string;
}

/** Bootstrap result for one statistic. */
export interface BootstrapInterval extends Interval {
  /** Replicates where the statistic was defined (e.g. a resample without positives has no recall). */
  valid: number;
  /** Share of valid replicates with a value <= 0 and >= 0; used for a paired two-sided p-value. */
  atOrBelowZero: number;
  atOrAboveZero: number;
}

/**
 * The resamples of a clustered bootstrap, as cluster weights (how often
 * each cluster was drawn): replicate b draws `clusterCount` cluster indices
 * floor(rng() * clusterCount) in turn from one Alea stream seeded with
 * `options.seed`. Every bootstrap here (percentile and BCa) resamples
 * through this, so the same seed gives the same resamples. The array
 * yielded is reused: copy it to keep it.
 */
export function* clusterResamples(clusterCount: number, options: BootstrapOptions): Generator<Uint32Array> {
  const rng = createRng(options.seed);
  const weights = new Uint32Array(clusterCount);
  for (let b = 0; b < options.replicates; b++) {
    weights.fill(0);
    for (let i = 0; i < clusterCount; i++) weights[Math.floor(rng() * clusterCount)]++;
    yield weights;
  }
}

/**
 * The same draws as `clusterResamples`, as indices: row b lists the clusters
 * drawn by replicate b in draw order (for golden files checked elsewhere).
 */
export function clusterResampleIndices(clusterCount: number, options: BootstrapOptions): number[][] {
  const rng = createRng(options.seed);
  const rows: number[][] = [];
  for (let b = 0; b < options.replicates; b++) {
    const row: number[] = [];
    for (let i = 0; i < clusterCount; i++) row.push(Math.floor(rng() * clusterCount));
    rows.push(row);
  }
  return rows;
}

/** Cluster weights of one resample given as drawn cluster indices. */
export function weightsFromIndices(clusterCount: number, indices: ArrayLike<number>): Uint32Array {
  const weights = new Uint32Array(clusterCount);
  for (let i = 0; i < indices.length; i++) weights[indices[i]]++;
  return weights;
}

/**
 * Percentile bootstrap clustered by source document: each replicate draws
 * `clusterCount` clusters with replacement, and `statistic` receives how
 * often each cluster was drawn (its weight) and returns one value per
 * statistic (null where undefined on that resample). Resampling documents
 * rather than samples keeps the several samples of one document together,
 * so the interval is not too narrow when they are correlated.
 */
export function clusterBootstrap(
  clusterCount: number,
  statistic: (clusterWeights: Uint32Array) => ReadonlyArray<number | null>,
  options: BootstrapOptions,
): BootstrapInterval[] {
  let samples: number[][] | undefined;
  for (const weights of clusterResamples(clusterCount, options)) {
    const values = statistic(weights);
    samples ??= values.map(() => []);
    values.forEach((v, k) => {
      if (v !== null && Number.isFinite(v)) samples![k].push(v);
    });
  }
  return (samples ?? []).map((values) => {
    if (values.length === 0) return { low: null, high: null, valid: 0, atOrBelowZero: 0, atOrAboveZero: 0 };
    const sorted = Float64Array.from(values).sort();
    let below = 0;
    let above = 0;
    for (const v of sorted) {
      if (v <= 0) below++;
      if (v >= 0) above++;
    }
    return {
      low: quantileSorted(sorted, 0.025),
      high: quantileSorted(sorted, 0.975),
      valid: values.length,
      atOrBelowZero: below / values.length,
      atOrAboveZero: above / values.length,
    };
  });
}

/**
 * Two-sided bootstrap p-value for "the difference is zero": twice the
 * smaller tail share of resampled differences, capped at 1 (null without
 * valid replicates).
 */
export function bootstrapPValue(interval: BootstrapInterval): number | null {
  if (interval.valid === 0) return null;
  return Math.min(1, 2 * Math.min(interval.atOrBelowZero, interval.atOrAboveZero));
}
