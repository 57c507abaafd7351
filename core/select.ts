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
  const cut = rankCut(draws, k);
  if (cut === undefined) return selectBySort(draws, k, mask);
  let ties = cut.ties;
  for (let i = 0; i < n; i++) {
    const d = draws[i];
    if (d < cut.value) mask[i] = true;
    else if (d === cut.value && ties > 0) {
      mask[i] = true;
      ties--;
    }
  }
  return mask;
}

/**
 * Where selectByRank cuts, for callers that walk the draws themselves instead
 * of allocating a mask: unit i is among the k smallest when
 * `draws[i] < value`, or when `draws[i] === value` and it is one of the first
 * `ties` units (in position order) whose draw equals `value`. Linear time (a
 * quickselect on a copy) instead of a sort. Needs 0 < k < draws.length;
 * undefined when a draw is NaN (no order to cut).
 */
export function rankCut(draws: ArrayLike<number>, k: number): { value: number; ties: number } | undefined {
  const n = draws.length;
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = draws[i];
    if (d !== d) return undefined;
    copy[i] = d;
  }
  const value = kthSmallest(copy, k - 1);
  let below = 0;
  for (let i = 0; i < n; i++) if (draws[i] < value) below++;
  return { value, ties: k - below };
}

/**
 * The value of rank `k` (0-based) in `a`, reordering `a`: quickselect with a
 * median-of-three pivot, falling back to a sort of the remaining range when
 * the partitions stop shrinking (adversarial inputs), so it stays O(n log n)
 * at worst.
 */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let budget = 2 * (32 - Math.clz32(a.length)) + 8;
  while (hi > lo) {
    if (--budget < 0) {
      const rest = a.subarray(lo, hi + 1).sort();
      return rest[k - lo];
    }
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] === pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return pivot;
  }
  return a[k];
}

/** The reference rule as a sort (used when a draw is NaN, which has no rank). */
function selectBySort(draws: ArrayLike<number>, k: number, mask: boolean[]): boolean[] {
  const order = Array.from({ length: draws.length }, (_, i) => i);
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
