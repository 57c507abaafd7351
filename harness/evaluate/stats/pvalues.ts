/**
 * p-values that never read 0. A bootstrap with B valid resamples cannot
 * resolve a p below 1/(B + 1): with k resamples as or more extreme than the
 * observed value, p = (k + 1)/(B + 1) (Davison & Hinkley 1997, eq. 4.11),
 * and at k = 0 the honest statement is "p < 1/(B + 1)"-ish, not "p = 0".
 */

/** A p-value and whether it sits at the resolution floor of its bootstrap (then it is an upper bound). */
export interface PValue {
  p: number;
  atFloor: boolean;
}

/**
 * Bootstrap p-value from `beyond` (k) of `replicates` (B) resamples at least
 * as extreme: one-sided (k + 1)/(B + 1); two-sided twice that, capped at 1
 * (k then counts the smaller tail). atFloor when k = 0: the resamples
 * cannot tell p from anything smaller.
 */
export function bootstrapP(beyond: number, replicates: number, sides: 1 | 2 = 2): PValue {
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  if (!Number.isInteger(beyond) || beyond < 0 || beyond > replicates) throw new RangeError(`beyond must be an integer in [0, ${replicates}], got ${beyond}`);
  const p = Math.min(1, (sides * (beyond + 1)) / (replicates + 1));
  return { p, atFloor: beyond === 0 && p < 1 };
}

/** An exact p-value (e.g. McNemar's) as a PValue: never 0 (underflow is floored at the smallest double) and never at a floor. */
export function exactP(p: number): PValue {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${p} outside [0, 1]`);
  return { p: Math.max(p, Number.MIN_VALUE), atFloor: false };
}

/** The smallest "round" number >= x with one significant digit (0.000999 -> 0.001, 0.001998 -> 0.002). */
function ceilOneDigit(x: number): number {
  const scale = Math.pow(10, Math.floor(Math.log10(x)));
  let m = Math.ceil(x / scale - 1e-9);
  let s = scale;
  if (m >= 10) {
    m = 1;
    s = scale * 10;
  }
  // Round-trip through a decimal string so 0.001 prints as 0.001, not 0.0010000000000000002.
  return Number((m * s).toPrecision(1));
}

function decimal(x: number): string {
  const digits = Math.max(0, -Math.floor(Math.log10(x)));
  return x.toFixed(digits);
}

/**
 * Text for a p-value, never "0":
 * - at the floor of a bootstrap with B resamples: `p < 0.001 (1/1001)`
 *   (one-sided) or `p < 0.002 (2/1001)` (two-sided floor), the fraction
 *   being p (B + 1) / (B + 1);
 * - below 0.001 otherwise: `p < 0.001`;
 * - else three decimals: `p = 0.034`.
 * A bare number is taken to be at the floor when B is given and p <= 1/(B + 1).
 */
export function formatP(value: number | PValue | null, replicates?: number): string {
  if (value === null) return 'p = n/a';
  const p = typeof value === 'number' ? value : value.p;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${p} outside [0, 1]`);
  const floorUnits = replicates !== undefined ? p * (replicates + 1) : NaN;
  const atFloor = typeof value === 'number' ? replicates !== undefined && floorUnits <= 1 + 1e-9 : value.atFloor;
  if (atFloor && replicates !== undefined) {
    const units = Math.max(1, Math.round(floorUnits));
    return `p < ${decimal(ceilOneDigit(p))} (${units}/${replicates + 1})`;
  }
  if (atFloor) return `p < ${decimal(ceilOneDigit(p))}`;
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toFixed(3)}`;
}

/**
 * Holm's step-down adjustment over PValues, keeping the floor: the adjusted
 * p is the running max of min(1, (m - rank) p), and it stays an upper bound
 * (atFloor) when the term that sets it came from a p at its floor. Adjusted
 * values are never below the raw ones. Null entries are skipped and stay
 * null; the result is in the input order. Same numbers as `holm`.
 */
export function holmP(values: ReadonlyArray<PValue | null>): Array<PValue | null> {
  const present = values.map((v, i) => ({ v, i })).filter((e): e is { v: PValue; i: number } => e.v !== null);
  present.sort((a, b) => a.v.p - b.v.p || a.i - b.i);
  const m = present.length;
  const out: Array<PValue | null> = values.map(() => null);
  let running = 0;
  let runningAtFloor = false;
  present.forEach(({ v, i }, rank) => {
    const term = Math.min(1, (m - rank) * v.p);
    if (term > running) {
      running = term;
      runningAtFloor = v.atFloor && term < 1;
    }
    out[i] = { p: running, atFloor: runningAtFloor };
  });
  return out;
}
