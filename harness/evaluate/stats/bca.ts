import { clusterResamples, quantileSorted, type BootstrapOptions, type Interval } from './intervals.js';
import { normalCdf, normalQuantile } from './normal.js';
import { bootstrapP, type PValue } from './pvalues.js';

/**
 * How an interval was made:
 * - 'bca': bias-corrected and accelerated (Efron 1987; the formula of
 *   scipy.stats.bootstrap(method='BCa')), and it contains the estimate.
 * - 'percentile-fallback': BCa was not usable (every resample on one side of
 *   the estimate, so z0 = +-inf; the adjusted quantiles excluding the
 *   estimate; or an acceleration that makes the adjustment non-monotone);
 *   the 2.5%/97.5% percentiles are given instead, and when those exclude the
 *   estimate the near end is moved to it and `extended` says so. `note`
 *   says which case.
 * - 'constant': every resample equals the estimate; zero-width interval.
 * - 'none': no interval (statistic undefined on the full data or on every
 *   resample, or fewer than two clusters so nothing can be resampled).
 */
export type BcaMethod = 'bca' | 'percentile-fallback' | 'constant' | 'none';

/** A bootstrap interval for one statistic, with the method that made it. */
export interface BcaInterval extends Interval {
  /** The statistic on the full data (every cluster once). */
  estimate: number | null;
  method: BcaMethod;
  /** Why the method is not 'bca' (null when it is), or which inputs were skipped. */
  note: string | null;
  /** A fallback interval widened to reach the estimate. */
  extended: boolean;
  /** Replicates where the statistic was defined, and where it was not (skipped). */
  valid: number;
  undefinedReplicates: number;
  /** Leave-one-cluster-out values where the statistic was undefined (skipped in the acceleration). */
  undefinedJackknife: number;
  /** Bias correction z0 = Phi^-1(share of resamples below the estimate, ties counted half). */
  z0: number | null;
  /** Acceleration from the leave-one-cluster-out jackknife. */
  acceleration: number | null;
  /** Quantile levels the ends were read at (BCa-adjusted, or the plain ones in a fallback). */
  levels: [number, number] | null;
  /** Valid replicates <= 0 and >= 0 (for a paired bootstrap p-value). */
  countAtOrBelowZero: number;
  countAtOrAboveZero: number;
}

const none = (estimate: number | null, note: string, valid = 0, undefinedReplicates = 0): BcaInterval => ({
  low: null,
  high: null,
  estimate,
  method: 'none',
  note,
  extended: false,
  valid,
  undefinedReplicates,
  undefinedJackknife: 0,
  z0: null,
  acceleration: null,
  levels: null,
  countAtOrBelowZero: 0,
  countAtOrAboveZero: 0,
});

const defined = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/**
 * The jackknife acceleration a = sum d^3 / (6 (sum d^2)^1.5), d_i = mean - theta_(i),
 * over the defined leave-one-out values (SciPy's U_i = (n-1) d_i; the factor
 * cancels). 0 when they are all equal or fewer than two are defined.
 */
export function jackknifeAcceleration(jackknife: ArrayLike<number | null>): { acceleration: number; used: number } {
  const values: number[] = [];
  for (let i = 0; i < jackknife.length; i++) if (defined(jackknife[i])) values.push(jackknife[i] as number);
  if (values.length < 2) return { acceleration: 0, used: values.length };
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let num = 0;
  let den = 0;
  for (const v of values) {
    const d = mean - v;
    num += d * d * d;
    den += d * d;
  }
  return { acceleration: den > 0 ? num / (6 * Math.pow(den, 1.5)) : 0, used: values.length };
}

/**
 * BCa interval from its ingredients: the estimate on the full data, the
 * statistic on each bootstrap resample (null / non-finite = undefined there,
 * skipped and counted) and on each leave-one-cluster-out jackknife sample.
 * Same formula as scipy.stats.bootstrap(method='BCa'): z0 from the share of
 * resamples below the estimate (ties half), alpha_1,2 = Phi(z0 + (z0 + z)/(1 - a (z0 + z)))
 * for z = Phi^-1(alpha/2), Phi^-1(1 - alpha/2), ends read with numpy's
 * linear quantile. The result always contains the estimate, or says why not
 * BCa (see BcaMethod).
 */
export function bcaFromReplicates(estimate: number | null, replicates: ArrayLike<number | null>, jackknife: ArrayLike<number | null>, confidence = 0.95): BcaInterval {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} outside (0, 1)`);
  const total = replicates.length;
  const values: number[] = [];
  for (let b = 0; b < total; b++) if (defined(replicates[b])) values.push(replicates[b] as number);
  const valid = values.length;
  const undefinedReplicates = total - valid;
  if (!defined(estimate)) return none(null, 'statistic undefined on the full data', valid, undefinedReplicates);
  if (jackknife.length < 2) return none(estimate, 'fewer than two clusters (source documents): nothing to resample', valid, undefinedReplicates);
  if (valid === 0) return none(estimate, `statistic undefined on all ${total} resamples`, 0, undefinedReplicates);

  const sorted = Float64Array.from(values).sort();
  let below = 0;
  let atOrBelow = 0;
  let atOrBelowZero = 0;
  let atOrAboveZero = 0;
  for (const v of sorted) {
    if (v < estimate) below++;
    if (v <= estimate) atOrBelow++;
    if (v <= 0) atOrBelowZero++;
    if (v >= 0) atOrAboveZero++;
  }
  const skipped = undefinedReplicates > 0 ? `${undefinedReplicates} of ${total} resamples undefined, skipped` : null;
  const base = {
    estimate,
    valid,
    undefinedReplicates,
    countAtOrBelowZero: atOrBelowZero,
    countAtOrAboveZero: atOrAboveZero,
  };
  const { acceleration, used } = jackknifeAcceleration(jackknife);
  const undefinedJackknife = jackknife.length - used;
  const notes = (...parts: Array<string | null>) => parts.filter((p): p is string => p !== null).join('; ') || null;
  const jackNote = undefinedJackknife > 0 ? `${undefinedJackknife} of ${jackknife.length} leave-one-out values undefined, skipped` : null;

  if (sorted[0] === sorted[valid - 1] && sorted[0] === estimate) {
    return { ...base, low: estimate, high: estimate, method: 'constant', note: notes('every resample equals the estimate', skipped), extended: false, undefinedJackknife, z0: null, acceleration, levels: null };
  }

  const alpha = (1 - confidence) / 2;
  const zLow = normalQuantile(alpha);
  const z0 = normalQuantile((below + atOrBelow) / (2 * valid));
  let reason: string | null = null;
  let levels: [number, number] | null = null;
  if (!Number.isFinite(z0)) {
    reason = `every resample is ${z0 > 0 ? 'at or below' : 'at or above'} the estimate (z0 = ${z0 > 0 ? '+' : '-'}inf)`;
  } else {
    const n1 = z0 + zLow;
    const n2 = z0 - zLow;
    const d1 = 1 - acceleration * n1;
    const d2 = 1 - acceleration * n2;
    if (!(d1 > 0 && d2 > 0)) {
      reason = `acceleration ${acceleration.toPrecision(3)} makes the BCa adjustment non-monotone`;
    } else {
      const a1 = normalCdf(z0 + n1 / d1);
      const a2 = normalCdf(z0 + n2 / d2);
      const low = quantileSorted(sorted, a1);
      const high = quantileSorted(sorted, a2);
      levels = [a1, a2];
      if (low <= estimate && estimate <= high) {
        return { ...base, low, high, method: 'bca', note: notes(skipped, jackNote), extended: false, undefinedJackknife, z0, acceleration, levels };
      }
      reason = `the BCa interval [${low.toPrecision(4)}, ${high.toPrecision(4)}] excludes the estimate ${estimate.toPrecision(4)} (z0 = ${z0.toFixed(2)})`;
    }
  }
  // Fallback: plain percentiles, moved to the estimate only if they miss it (and said so).
  let low = quantileSorted(sorted, alpha);
  let high = quantileSorted(sorted, 1 - alpha);
  let extended = false;
  if (estimate < low) {
    low = estimate;
    extended = true;
  }
  if (estimate > high) {
    high = estimate;
    extended = true;
  }
  return {
    ...base,
    low,
    high,
    method: 'percentile-fallback',
    note: notes(reason, extended ? 'percentile interval extended to the estimate' : null, skipped, jackNote),
    extended,
    undefinedJackknife,
    z0: Number.isFinite(z0) ? z0 : null,
    acceleration,
    levels: [alpha, 1 - alpha],
  };
}

/** Settings of a BCa bootstrap. */
export interface BcaOptions extends BootstrapOptions {
  /** Two-sided confidence level; 0.95 unless given. */
  confidence?: number;
}

/**
 * BCa on given resamples (cluster weights): the statistic on the full data
 * (all weights 1), on each resample, and on each leave-one-cluster-out
 * sample (that cluster's weight 0). `statistic` returns one value per
 * statistic, null where undefined. `leaveOneOut(j)`, when given, must equal
 * `statistic` with cluster j's weight 0 and the rest 1: it lets a caller
 * subtract one cluster from the full totals instead of re-summing every
 * item, which makes the jackknife O(clusters) rather than O(clusters x items).
 */
export function bcaOnResamples(
  clusterCount: number,
  statistic: (clusterWeights: Uint32Array) => ReadonlyArray<number | null>,
  resamples: Iterable<Uint32Array>,
  confidence = 0.95,
  leaveOneOut?: (cluster: number) => ReadonlyArray<number | null>,
): BcaInterval[] {
  const ones = new Uint32Array(clusterCount).fill(1);
  const point = [...statistic(ones)];
  const k = point.length;
  // NaN marks an undefined replicate (keeps the arrays packed doubles; skipped like null).
  const replicates: number[][] = point.map(() => []);
  for (const w of resamples) {
    const values = statistic(w);
    for (let s = 0; s < k; s++) replicates[s].push(values[s] ?? NaN);
  }
  const jackknife: Array<Array<number | null>> = point.map(() => []);
  if (clusterCount >= 2) {
    const w = new Uint32Array(clusterCount).fill(1);
    for (let j = 0; j < clusterCount; j++) {
      w[j] = 0;
      const values = leaveOneOut ? leaveOneOut(j) : statistic(w);
      for (let s = 0; s < k; s++) jackknife[s].push(values[s] ?? null);
      w[j] = 1;
    }
  }
  return point.map((estimate, s) => bcaFromReplicates(estimate, replicates[s], jackknife[s], confidence));
}

/**
 * BCa bootstrap clustered by source document: the resamples of
 * `clusterBootstrap` (same seed, same resamples; see clusterResamples) and
 * a leave-one-cluster-out jackknife for the acceleration. Each interval
 * contains its estimate or has method 'none' (see BcaMethod).
 */
export function clusterBootstrapBca(
  clusterCount: number,
  statistic: (clusterWeights: Uint32Array) => ReadonlyArray<number | null>,
  options: BcaOptions,
  leaveOneOut?: (cluster: number) => ReadonlyArray<number | null>,
): BcaInterval[] {
  return bcaOnResamples(clusterCount, statistic, clusterResamples(clusterCount, options), options.confidence ?? 0.95, leaveOneOut);
}

/** A paired difference (candidate B - baseline A) with its BCa interval and bootstrap p-value. */
export interface PairedBca extends BcaInterval {
  baseline: number | null;
  candidate: number | null;
  /** = estimate: B - A on the full data. */
  delta: number | null;
  /** Two-sided bootstrap p-value for "no difference", (k + 1)/(B + 1) convention; null without a delta. */
  p: PValue | null;
}

/**
 * Paired BCa bootstrap of differences: `statistic(weights)` returns
 * [a0, b0, a1, b1, ...] (baseline and candidate per statistic, as in
 * pairedBootstrap); each difference b - a is a statistic of the paired data,
 * bootstrapped over the same cluster resamples as pairedBootstrap with the
 * same seed, with its own jackknife. p = min(1, 2 (k + 1)/(B' + 1)), k the
 * resampled differences on the far side of zero (<= 0 or >= 0, the fewer),
 * B' the valid replicates.
 */
export function pairedBootstrapBca(
  clusterCount: number,
  statistic: (clusterWeights: Uint32Array) => ReadonlyArray<number | null>,
  options: BcaOptions,
): PairedBca[] {
  const differences = (values: ReadonlyArray<number | null>): Array<number | null> => {
    const out: Array<number | null> = [];
    for (let k = 0; k < values.length; k += 2) {
      const a = values[k];
      const b = values[k + 1];
      out.push(defined(a) && defined(b) ? b - a : null);
    }
    return out;
  };
  const full = statistic(new Uint32Array(clusterCount).fill(1));
  const intervals = clusterBootstrapBca(clusterCount, (w) => differences(statistic(w)), options);
  return intervals.map((interval, k) => ({
    ...interval,
    baseline: full[2 * k] ?? null,
    candidate: full[2 * k + 1] ?? null,
    delta: interval.estimate,
    p: interval.estimate === null || interval.valid === 0 ? null : bootstrapP(Math.min(interval.countAtOrBelowZero, interval.countAtOrAboveZero), interval.valid, 2),
  }));
}
