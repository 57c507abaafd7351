/**
 * Power of the gates: the smallest change a slice's paired test can detect
 * (80% power, two-sided alpha 0.05), and warnings for delta rules whose
 * bound is below it. Such a rule cannot fire on the change it names (or
 * fires only on noise), so a green gate would check nothing.
 */
import { minimumDetectableChange } from './stats/index.js';
import { inScope, metricKey, type Rule, type Scoped } from './rules.js';

/** The minimum detectable change of one delta, and what it rests on. */
export interface DeltaPower {
  /** Pairs of the paired test: positives (recall, TPR) or negatives (FPR). */
  n: number;
  /** Smallest |delta| detected at 80% power, alpha 0.05; null when no change up to the discordance is. */
  mde: number | null;
  /** Share of discordant pairs used: observed (b + c) / n after a comparison, else assumed. */
  discordance: number;
  assumed: boolean;
}

/** Which items a metric's paired test counts, or null when it has no paired-proportion power (precision, F1, AP, AUC, span figures). */
export function pairedUnit(key: string): 'positives' | 'negatives' | null {
  if (key === 'recall' || key.startsWith('tpr@')) return 'positives';
  if (key === 'fpr') return 'negatives';
  return null;
}

/**
 * Minimum detectable change from n pairs, with the observed discordant
 * count when there is one. No discordant pair observed (a run against
 * itself) says nothing about the discordance, so the assumed one is used.
 */
export function deltaPower(n: number, discordant?: number): DeltaPower | null {
  if (!(n > 0)) return null;
  const observed = discordant !== undefined && discordant > 0 ? Math.min(1, discordant / n) : undefined;
  const m = minimumDetectableChange({ n, discordance: observed });
  return { n, mde: m.mde, discordance: m.discordance, assumed: m.assumedDiscordance };
}

/**
 * Power of a metric on one slice of a single run (before a comparison):
 * the slice's positives or negatives with the assumed discordance.
 */
export function slicePower(key: string, slice: { positives: number; negatives: number }): DeltaPower | null {
  const unit = pairedUnit(key);
  return unit === null ? null : deltaPower(unit === 'positives' ? slice.positives : slice.negatives);
}

const fmt = (x: number) => x.toFixed(3);

/**
 * One warning per delta rule (bound != 0) that some slice in its scope
 * cannot detect: the slice's minimum detectable change exceeds |bound|, or
 * there is none. `power(row, key)` gives a row's power for a metric key.
 */
export function gateWarnings<R extends Scoped>(rules: readonly Rule[], rows: readonly R[], power: (row: R, key: string) => DeltaPower | null): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    if (!rule.delta || rule.value === 0) continue;
    const key = metricKey(rule.metric);
    if (pairedUnit(key) === null) continue;
    const bound = Math.abs(rule.value);
    const scoped = rows.filter((r) => inScope(rule, r));
    const weak: Array<{ row: R; p: DeltaPower | null }> = [];
    for (const row of scoped) {
      const p = power(row, key);
      if (p === null || p.mde === null || p.mde > bound) weak.push({ row, p });
    }
    if (weak.length === 0) continue;
    const mdes = weak.map((w) => w.p?.mde).filter((m): m is number => m !== undefined && m !== null);
    const range = mdes.length === 0 ? 'none at all' : Math.min(...mdes) === Math.max(...mdes) ? fmt(mdes[0]) : `${fmt(Math.min(...mdes))} to ${fmt(Math.max(...mdes))}`;
    const example = weak[0];
    const assumed = weak.some((w) => w.p?.assumed) ? ', discordance assumed where none was observed' : '';
    const where = weak.length === 1 ? `slice ${example.row.slice} (${example.row.detector})` : `${weak.length} of ${scoped.length} gated slices (e.g. ${example.row.slice}, ${example.row.detector})`;
    out.push(
      `"${rule.text}": ${where} cannot detect a change of ${fmt(bound)} at 80% power and alpha 0.05 (minimum detectable change: ${range}${assumed}); the gate cannot fire on that change there: gate a larger slice (where kind=overall or kind=family), a larger bound, or grow the suite (gauntlet plan --mde ${fmt(bound)})`,
    );
  }
  return out;
}
