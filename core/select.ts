import type { Rng } from './rng.js';

/**
 * How many of n eligible units a generator touches at a given intensity.
 *
 * The project's count rule, stated once for every generator:
 * k = round(intensity * n), but at least 1 when intensity > 0 and n > 0
 * (TextAttack's "at least one"), and never capped. RAID floors and nlpaug
 * takes the ceiling capped at 10; we round, and report the realized share.
 */
export function countForIntensity(n: number, intensity: number): number {
  if (n <= 0 || intensity <= 0) return 0;
  if (intensity >= 1) return n;
  return Math.min(n, Math.max(1, Math.round(intensity * n)));
}

/**
 * Nested selection by rank: draws one uniform per unit (in unit order, so
 * the draws do not depend on intensity) and keeps the k units with the
 * smallest draws. For one seed, the set at a lower intensity is a subset of
 * the set at a higher one. Returns a boolean mask.
 */
export function selectNested(n: number, intensity: number, rng: Rng): boolean[] {
  const draws = drawUniforms(n, rng);
  return selectByRank(draws, countForIntensity(n, intensity));
}

/** One uniform per unit, in order. */
export function drawUniforms(n: number, rng: Rng): Float64Array {
  const draws = new Float64Array(n);
  for (let i = 0; i < n; i++) draws[i] = rng();
  return draws;
}

/** Marks the k units with the smallest draws (ties broken by position). */
export function selectByRank(draws: ArrayLike<number>, k: number): boolean[] {
  const n = draws.length;
  const mask = new Array<boolean>(n).fill(false);
  if (k <= 0) return mask;
  if (k >= n) return mask.fill(true);
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => draws[a] - draws[b] || a - b);
  for (let i = 0; i < k; i++) mask[order[i]] = true;
  return mask;
}

/**
 * Nested selection by threshold: unit i is touched when its draw is below the
 * intensity (the masked-LM rule). The count is binomial, not fixed.
 */
export function selectByThreshold(draws: ArrayLike<number>, intensity: number): boolean[] {
  const mask = new Array<boolean>(draws.length);
  for (let i = 0; i < draws.length; i++) mask[i] = draws[i] < intensity;
  return mask;
}
