/**
 * Estimates from the BCa bootstrap, shared by the slice, span and file
 * measures so that every bootstrap interval in a report is made and
 * labelled the same way.
 */
import { wilson, type BcaInterval } from './stats/index.js';
import type { Estimate } from './slice-metrics.js';

/**
 * The estimate of `value` with its BCa interval. The point value stays the
 * one computed directly (not the interval's recomputed estimate) so the
 * golden checks hold bit for bit; the two agree by construction.
 */
export function bcaEstimate(value: number | null, interval: BcaInterval | undefined): Estimate {
  if (value === null) return { value: null, low: null, high: null };
  if (!interval) return { value, low: null, high: null };
  // A fallback widened to the recomputed estimate may still sit a rounding step off `value`: clamp.
  const low = interval.low === null ? null : Math.min(interval.low, value);
  const high = interval.high === null ? null : Math.max(interval.high, value);
  return { value, low, high, method: interval.method, ...(interval.note ? { note: interval.note } : {}) };
}

/**
 * A proportion with its Wilson interval. At 0/n and n/n the closed form
 * lands a rounding step inside the estimate (0.9999999999999999 for 1):
 * the ends are clamped so the interval still contains it.
 */
export function wilsonEstimate(successes: number, trials: number): Estimate {
  const value = successes / trials;
  const { low, high } = wilson(successes, trials);
  return { value, low: low === null ? null : Math.min(low, value), high: high === null ? null : Math.max(high, value) };
}
