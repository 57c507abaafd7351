import { bootstrapPValue, clusterBootstrap, type BootstrapInterval, type BootstrapOptions } from './intervals.js';

/**
 * Exact two-sided McNemar test on paired decisions: under "both detectors
 * are equally right", the b pairs only A got right and the c pairs only B got
 * right split as Binomial(b + c, 1/2). p = min(1, 2 P(X <= min(b, c))), and 1
 * when there are no discordant pairs.
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) throw new RangeError(`discordant counts must be non-negative integers, got ${b}, ${c}`);
  const n = b + c;
  if (n === 0) return 1;
  const m = Math.min(b, c);
  if (2 * m === n) return 1;
  // Sum the lower tail from its largest term down (terms rise towards n/2),
  // in ratios to that term so nothing underflows for large n.
  const logTop = logChoose(n, m) - n * Math.LN2;
  let sum = 0;
  let term = 1;
  for (let k = m; k >= 0; k--) {
    sum += term;
    term *= k / (n - k + 1);
    if (term < 1e-18 * sum) break;
  }
  return Math.min(1, 2 * Math.exp(logTop + Math.log(sum)));
}

/** ln C(n, k), summed term by term (exact enough for the tail sums above). */
function logChoose(n: number, k: number): number {
  const r = Math.min(k, n - k);
  let s = 0;
  for (let i = 1; i <= r; i++) s += Math.log((n - r + i) / i);
  return s;
}

/** Discordant pair counts of two detectors' decisions on the same items. */
export function discordantPairs(correctA: ArrayLike<number>, correctB: ArrayLike<number>): { b: number; c: number } {
  if (correctA.length !== correctB.length) throw new RangeError('paired decisions differ in length');
  let b = 0;
  let c = 0;
  for (let i = 0; i < correctA.length; i++) {
    if (correctA[i] && !correctB[i]) b++;
    else if (!correctA[i] && correctB[i]) c++;
  }
  return { b, c };
}

/**
 * Holm's step-down adjustment: controls the family-wise error rate over the
 * given p-values (e.g. one per slice). Null entries are skipped and stay
 * null; the result is in the input order.
 */
export function holm(pValues: ReadonlyArray<number | null>): Array<number | null> {
  const present = pValues.map((p, i) => ({ p, i })).filter((e): e is { p: number; i: number } => e.p !== null);
  present.sort((a, b) => a.p - b.p || a.i - b.i);
  const m = present.length;
  const out: Array<number | null> = pValues.map(() => null);
  let running = 0;
  present.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}

/** The difference B - A of one statistic, with its paired bootstrap interval and p-value. */
export interface PairedDifference extends BootstrapInterval {
  delta: number | null;
  pValue: number | null;
}

/**
 * Paired bootstrap for the difference of two detectors on the same items:
 * one resample of clusters feeds both detectors' statistic, so what the two
 * share (the same hard documents) cancels out of the difference.
 * `statistic(weights)` returns [valueA, valueB] per statistic, flattened
 * as [a0, b0, a1, b1, ...]; `point` is the same on the full data.
 */
export function pairedBootstrap(
  clusterCount: number,
  statistic: (clusterWeights: Uint32Array) => ReadonlyArray<number | null>,
  point: ReadonlyArray<number | null>,
  options: BootstrapOptions,
): PairedDifference[] {
  const differences = (values: ReadonlyArray<number | null>) => {
    const out: Array<number | null> = [];
    for (let k = 0; k < values.length; k += 2) {
      const a = values[k];
      const b = values[k + 1];
      out.push(a === null || b === null ? null : b - a);
    }
    return out;
  };
  const intervals = clusterBootstrap(clusterCount, (w) => differences(statistic(w)), options);
  const deltas = differences(point);
  return intervals.map((interval, k) => ({ ...interval, delta: deltas[k], pValue: deltas[k] === null ? null : bootstrapPValue(interval) }));
}
