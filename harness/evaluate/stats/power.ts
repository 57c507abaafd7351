import { normalCdf, normalQuantile } from './normal.js';

/**
 * Power of the paired test on decisions (McNemar; paired difference of two
 * proportions, e.g. recall of two detectors on the same positives), by the
 * normal approximation of Connor (1987), the formula of statsmodels'
 * McNemar power: with pd the discordant share of pairs and d the change,
 *
 *   n = [z_{1-alpha/2} sqrt(pd) + z_{1-beta} sqrt(pd - d^2)]^2 / d^2   pairs.
 *
 * Checked against SciPy (norm.ppf, brentq) in fixtures/golden-stats.json.
 * Pairs are treated as independent: when several positives come from one
 * source document, pass a design effect > 1 (1 + (m - 1) ICC) to inflate n.
 */

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_POWER = 0.8;
/** Before a run there is no observed discordance; assume max(2 x change, this). */
export const DEFAULT_DISCORDANCE_FLOOR = 0.05;

/**
 * The discordance assumed before a run: max(2 |d|, 0.05). A change of d
 * needs at least |d| of pairs discordant (all in one direction); doubling it
 * allows churn both ways, and 5% is a floor for detectors that differ at all.
 */
export function defaultDiscordance(mde: number): number {
  return Math.max(2 * Math.abs(mde), DEFAULT_DISCORDANCE_FLOOR);
}

function checkLevels(alpha: number, power: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha ${alpha} outside (0, 1)`);
  if (!(power > 0 && power < 1)) throw new RangeError(`power ${power} outside (0, 1)`);
}

function checkDiscordance(pd: number): void {
  if (!(pd > 0 && pd <= 1)) throw new RangeError(`discordance ${pd} outside (0, 1]`);
}

/** Pairs needed (real, not rounded) to detect change d at discordance pd; Infinity when |d| > pd (impossible). */
export function pairsNeeded(d: number, pd: number, alpha = DEFAULT_ALPHA, power = DEFAULT_POWER): number {
  checkLevels(alpha, power);
  checkDiscordance(pd);
  const change = Math.abs(d);
  if (!(change > 0)) throw new RangeError(`change ${d} must be non-zero`);
  if (change > pd) return Infinity;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const root = za * Math.sqrt(pd) + zb * Math.sqrt(pd - change * change);
  return (root * root) / (change * change);
}

/** Power of the two-sided paired test with n pairs for change d at discordance pd (normal approximation). */
export function pairedPower(n: number, d: number, pd: number, alpha = DEFAULT_ALPHA): number {
  checkDiscordance(pd);
  const change = Math.abs(d);
  if (change > pd) return NaN;
  const za = normalQuantile(1 - alpha / 2);
  const spread = Math.sqrt(pd - change * change);
  if (spread === 0) return 1;
  return normalCdf((Math.sqrt(n) * change - za * Math.sqrt(pd)) / spread);
}

/**
 * The d solving n d^2 = [za sqrt(pd) + zb sqrt(pd - d^2)]^2, in closed form:
 * d = sqrt(pd) [sqrt(n) za + zb sqrt(n - za^2 + zb^2)] / (n + zb^2).
 */
function solveChange(n: number, pd: number, za: number, zb: number): number {
  return (Math.sqrt(pd) * (Math.sqrt(n) * za + zb * Math.sqrt(n - za * za + zb * zb))) / (n + zb * zb);
}

/** Minimum detectable change of a paired proportion. */
export interface DetectableChange {
  /** Smallest |change| detected with the given power; null when no change up to the discordance is. */
  mde: number | null;
  /** Discordant share used, and whether it was assumed (no run yet) or given (observed). */
  discordance: number;
  assumedDiscordance: boolean;
  n: number;
  alpha: number;
  power: number;
}

/**
 * Minimum detectable change (e.g. in recall) of the paired test at the given
 * power and two-sided alpha, from n pairs (positives) and the discordant
 * share: observed after a run ((b + c) / n), or before one the default
 * max(2 mde, 0.05), solved jointly with the change.
 */
export function minimumDetectableChange(o: { n: number; discordance?: number; alpha?: number; power?: number }): DetectableChange {
  const alpha = o.alpha ?? DEFAULT_ALPHA;
  const power = o.power ?? DEFAULT_POWER;
  checkLevels(alpha, power);
  if (!(o.n > 0)) throw new RangeError(`n ${o.n} must be positive`);
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const base = { n: o.n, alpha, power };
  if (o.n <= za * za - zb * zb) {
    return { ...base, mde: null, discordance: o.discordance ?? 1, assumedDiscordance: o.discordance === undefined };
  }
  if (o.discordance !== undefined) {
    checkDiscordance(o.discordance);
    const d = solveChange(o.n, o.discordance, za, zb);
    return { ...base, mde: d <= o.discordance ? d : null, discordance: o.discordance, assumedDiscordance: false };
  }
  // Default discordance max(2d, floor): first at the floor; if d > floor / 2, pd = 2d, and
  // d = sqrt(2d) K / (n + zb^2) with K = sqrt(n) za + zb sqrt(n - za^2 + zb^2) gives d = 2 K^2 / (n + zb^2)^2.
  const atFloor = solveChange(o.n, DEFAULT_DISCORDANCE_FLOOR, za, zb);
  if (atFloor <= DEFAULT_DISCORDANCE_FLOOR / 2) return { ...base, mde: atFloor, discordance: DEFAULT_DISCORDANCE_FLOOR, assumedDiscordance: true };
  const k = Math.sqrt(o.n) * za + zb * Math.sqrt(o.n - za * za + zb * zb);
  const d = (2 * k * k) / ((o.n + zb * zb) * (o.n + zb * zb));
  const pd = 2 * d;
  return { ...base, mde: pd <= 1 ? d : null, discordance: Math.min(1, pd), assumedDiscordance: true };
}

/** Suite size needed to detect a change. */
export interface DocumentsNeeded {
  /** Pairs (positives) needed, rounded up, after the design effect; null when the change exceeds the discordance. */
  positives: number | null;
  /** Source documents needed: ceil(positives / positivesPerDocument). */
  documents: number | null;
  /** Pairs needed before rounding and design effect (for checks). */
  exactPairs: number;
  discordance: number;
  assumedDiscordance: boolean;
}

/**
 * Documents a suite needs for the paired test to detect `mde` (e.g. 0.02
 * for `--mde 0.02`) with the given power and two-sided alpha: pairs from
 * Connor's formula, times `designEffect` (default 1: positives independent),
 * divided by the positives each document contributes to the slice.
 * Discordance: observed, or the default max(2 mde, 0.05).
 */
export function documentsNeeded(o: { mde: number; discordance?: number; alpha?: number; power?: number; positivesPerDocument?: number; designEffect?: number }): DocumentsNeeded {
  const pd = o.discordance ?? defaultDiscordance(o.mde);
  const perDocument = o.positivesPerDocument ?? 1;
  const designEffect = o.designEffect ?? 1;
  if (!(perDocument > 0)) throw new RangeError(`positivesPerDocument ${perDocument} must be positive`);
  if (!(designEffect >= 1)) throw new RangeError(`designEffect ${designEffect} must be >= 1`);
  const exact = pairsNeeded(o.mde, pd, o.alpha, o.power);
  if (!Number.isFinite(exact)) return { positives: null, documents: null, exactPairs: exact, discordance: pd, assumedDiscordance: o.discordance === undefined };
  // Round away float noise before ceil (an exact 784.0000000001 is 784).
  const positives = Math.ceil(exact * designEffect - 1e-9);
  return { positives, documents: Math.ceil(positives / perDocument - 1e-9), exactPairs: exact, discordance: pd, assumedDiscordance: o.discordance === undefined };
}
