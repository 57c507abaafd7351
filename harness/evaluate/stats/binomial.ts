/**
 * Exact binomial and multinomial draws from a seeded uniform stream (the
 * caller's seedrandom Alea), for the cluster-type bootstrap. Inversion of
 * the distribution function, so one uniform a draw: from 0 when the mean is
 * small (BINV, Kachitvichyanukul and Schmeiser 1988), else outwards from the
 * mode (mode, mode+1, mode-1, ...: still an inversion, of the values in
 * that order), expected O(1 + standard deviation) steps. Probabilities are
 * exact up to the log-gamma at the mode (relative error ~1e-12 below a
 * million trials).
 */
import type { Rng } from '../../../core/rng.js';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** log Gamma(x) for x >= 1 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** One draw of Binomial(n, p). */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const q = 1 - p;
  if (n * p < 16) {
    // BINV: walk up from 0 with the pmf recurrence.
    const s = p / q;
    const a = (n + 1) * s;
    let r = Math.pow(q, n);
    let u = rng();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) return n; // rounding left a sliver of u: the last value takes it
      r *= a / x - s;
    }
    return x;
  }
  const mode = Math.floor((n + 1) * p);
  const pMode = Math.exp(logGamma(n + 1) - logGamma(mode + 1) - logGamma(n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log1p(-p));
  let u = rng() - pMode;
  if (u <= 0) return mode;
  let up = mode;
  let pUp = pMode;
  let down = mode;
  let pDown = pMode;
  const odds = p / q;
  for (;;) {
    if (up < n) {
      pUp *= ((n - up) / (up + 1)) * odds;
      up++;
      u -= pUp;
      if (u <= 0) return up;
    }
    if (down > 0) {
      pDown *= (down / (n - down + 1)) / odds;
      down--;
      u -= pDown;
      if (u <= 0) return down;
    }
    if (up >= n && down <= 0) return mode; // rounding left a sliver of u
  }
}

/**
 * Multinomial(total; weights / sum(weights)) into `out`, by conditional
 * binomials: category t gets Binomial(left, w_t / (weight left)).
 */
export function multinomial(rng: Rng, total: number, weights: ArrayLike<number>, out: Uint32Array): Uint32Array {
  let massLeft = 0;
  for (let t = 0; t < weights.length; t++) massLeft += weights[t];
  let left = total;
  for (let t = 0; t < weights.length; t++) {
    if (left === 0 || t === weights.length - 1) {
      out[t] = left;
      left = 0;
      continue;
    }
    const x = binomial(rng, left, weights[t] / massLeft);
    out[t] = x;
    left -= x;
    massLeft -= weights[t];
  }
  return out;
}
