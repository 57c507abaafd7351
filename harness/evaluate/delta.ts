/**
 * One metric's difference between two runs on one slice, and how it was
 * tested: the paired BCa interval, the p-value (never 0), its Holm
 * adjustment over the family gated, and the paired test's power.
 */
import { formatP, holmP, type BcaMethod, type PairedBca, type PValue } from './stats/index.js';
import type { DeltaPower } from './gate-power.js';
import { inScope, metricKey, SIGNIFICANCE, type Rule, type Scoped } from './rules.js';

/** One metric's difference on one slice. */
export interface Delta {
  baseline: number | null;
  candidate: number | null;
  /** candidate - baseline. */
  delta: number | null;
  /** 95% paired BCa bootstrap interval (contains delta, or null). */
  low: number | null;
  high: number | null;
  /** How the interval was made ('bca', or why not: see stats/bca.ts); null without a bootstrap. */
  method: BcaMethod | null;
  note?: string;
  /** McNemar (decision metrics) or paired bootstrap (ranking metrics), before and after Holm. */
  test: 'mcnemar' | 'bootstrap';
  p: number | null;
  /** p is an upper bound: no resample reached zero, the bootstrap's floor 2/(B + 1). */
  pAtFloor: boolean;
  /** Valid bootstrap resamples behind a bootstrap p (its resolution), else null. */
  valid: number | null;
  pHolm: number | null;
  pHolmAtFloor: boolean;
  /** The Holm family: 'gated' (the comparisons significant delta rules look at) or 'metric' (this metric over the slices). */
  family: 'gated' | 'metric';
  significant: boolean;
  /** Minimum detectable change of the paired test (recall, TPR: positives; FPR: negatives); null where n/a (precision, F1, AP, AUC, spans). */
  power: DeltaPower | null;
}

/**
 * One Delta from its parts: the BCa interval (clamped to contain the
 * delta as computed here, which can differ from the bootstrap's own
 * estimate by a rounding step), McNemar's exact p for decision metrics or
 * the bootstrap p (floored) otherwise. Holm fields are set later.
 */
export function deltaOf(baseline: number | null, candidate: number | null, delta: number | null, boot: PairedBca | undefined, test: Delta['test'], mcnemarP: PValue | undefined, power: DeltaPower | null): Delta {
  const defined = delta !== null && boot !== undefined && boot.low !== null && boot.high !== null;
  const p = delta === null ? null : test === 'mcnemar' ? (mcnemarP ?? null) : (boot?.p ?? null);
  return {
    baseline,
    candidate,
    delta,
    low: defined ? Math.min(boot.low as number, delta) : null,
    high: defined ? Math.max(boot.high as number, delta) : null,
    method: boot?.method ?? null,
    ...(boot?.note ? { note: boot.note } : {}),
    test,
    p: p?.p ?? null,
    pAtFloor: p?.atFloor ?? false,
    valid: test === 'bootstrap' && boot ? boot.valid : null,
    pHolm: null,
    pHolmAtFloor: false,
    family: 'metric',
    significant: false,
    power,
  };
}

/**
 * Holm over the family actually gated: every comparison a `significant`
 * delta rule looks at is one family (a comparison two rules share counts
 * once); the other deltas, shown but not gated, are adjusted per metric
 * over the slices. Without such rules every metric is its own family.
 * Returns the sentence reports print.
 */
export function adjustHolm(rows: ReadonlyArray<Scoped & { metrics: Record<string, Delta> }>, keys: readonly string[], rules: readonly Rule[]): string {
  const gating = rules.filter((r) => r.delta && r.significant);
  const gated = (row: Scoped, key: string) => gating.some((r) => metricKey(r.metric) === key && inScope(r, row));
  const families = new Map<string, Delta[]>();
  for (const row of rows) {
    for (const key of keys) {
      const d = row.metrics[key];
      if (!d) continue;
      d.family = gated(row, key) ? 'gated' : 'metric';
      const name = d.family === 'gated' ? '\u0000gated' : key;
      families.set(name, [...(families.get(name) ?? []), d]);
    }
  }
  for (const members of families.values()) {
    const adjusted = holmP(members.map((d) => (d.p === null ? null : { p: d.p, atFloor: d.pAtFloor })));
    members.forEach((d, i) => {
      d.pHolm = adjusted[i]?.p ?? null;
      d.pHolmAtFloor = adjusted[i]?.atFloor ?? false;
      d.significant = d.pHolm !== null && d.pHolm < SIGNIFICANCE;
    });
  }
  const slices = new Set(rows.map((r) => `${r.detector}\u0000${r.slice}`)).size;
  const m = (families.get('\u0000gated') ?? []).filter((d) => d.p !== null).length;
  if (gating.length === 0) return `Holm per metric over all ${slices} slices`;
  return `Holm over the ${m} comparison(s) the significant delta rule(s) gate (one family); the other deltas per metric over the ${slices} slices`;
}

/** A delta's p-value as text, never "p = 0": `p < 0.002 (2/1001)` at a bootstrap's floor. */
export function deltaPText(d: Delta, adjusted: boolean): string {
  const p = adjusted ? d.pHolm : d.p;
  if (p === null) return 'p = n/a';
  const value: PValue = { p, atFloor: adjusted ? d.pHolmAtFloor : d.pAtFloor };
  return formatP(value, !adjusted && d.valid !== null ? d.valid : undefined);
}

