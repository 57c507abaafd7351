/**
 * `--fail-on` rules: the conditions under which CI should fail.
 *
 *   rule   := value op number ["significant"] ["where" key=value{,key=value}]
 *   value  := metric | "delta(" metric ")"
 *   metric := precision | recall | f1 | fpr | attacked_fpr | ap | auc
 *           | tpr@fpr=X | recall@fpr=X   (the same: best recall with FPR <= X)
 *           | span_precision | span_recall | plagdet   (spans task)
 *   op     := < | <= | > | >=
 *   key    := detector | task | kind | generator | intensity | family | fact | slice
 *
 * A rule names a failure: `recall@fpr=0.05 < 0.8` fails every slice whose
 * TPR at 5% FPR is below 0.8. `delta(...)` is candidate minus baseline in
 * `gauntlet compare`; `significant` also requires the Holm-adjusted p-value
 * of that difference to be below 0.05. A slice where the value is undefined
 * does not break a rule.
 */
import { usageError } from '../../core/errors.js';
import type { Estimate, SliceMetrics } from './metrics.js';

export type MetricName = 'precision' | 'recall' | 'f1' | 'fpr' | 'attacked_fpr' | 'ap' | 'auc' | 'tpr' | 'span_precision' | 'span_recall' | 'plagdet';

export interface MetricRef {
  name: MetricName;
  /** FPR level of `tpr`. */
  level?: number;
}

export interface Rule {
  text: string;
  metric: MetricRef;
  delta: boolean;
  op: '<' | '<=' | '>' | '>=';
  value: number;
  significant: boolean;
  where: Array<[key: string, value: string]>;
}

/** One slice breaking one rule. */
export interface Violation {
  rule: string;
  detector: string;
  slice: string;
  /** The value that broke it (a delta for delta rules). */
  actual: number;
  /** Holm-adjusted p-value, for delta rules. */
  pValue?: number | null;
  /** pValue is an upper bound (a bootstrap p at its floor): print it as `p < ...`. */
  pAtFloor?: boolean;
}

/** Significance level of `significant`. */
export const SIGNIFICANCE = 0.05;

const ALIASES: Record<string, MetricName> = {
  precision: 'precision',
  recall: 'recall',
  tpr: 'recall',
  f1: 'f1',
  fpr: 'fpr',
  attacked_fpr: 'attacked_fpr',
  ap: 'ap',
  average_precision: 'ap',
  auc: 'auc',
  roc_auc: 'auc',
  span_precision: 'span_precision',
  span_recall: 'span_recall',
  plagdet: 'plagdet',
};
const WHERE_KEYS = new Set(['detector', 'task', 'kind', 'generator', 'intensity', 'family', 'fact', 'slice']);

/** Parses one rule; a usage error (exit 2) says what is wrong. */
export function parseRule(text: string): Rule {
  const m = /^\s*(delta\(\s*([^)]+?)\s*\)|[A-Za-z_@=.0-9]+)\s*(<=|>=|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(significant)?\s*(?:where\s+(.+?))?\s*$/i.exec(text);
  if (!m) throw usageError(`--fail-on "${text}": expected e.g. "recall@fpr=0.05 < 0.8" or "delta(recall) < -0.02 significant"`);
  const delta = m[2] !== undefined;
  const metric = parseMetric(delta ? m[2] : m[1], text);
  const where: Array<[string, string]> = [];
  if (m[6]) {
    for (const part of m[6].split(',')) {
      const [key, ...rest] = part.split('=');
      const k = key.trim();
      if (!WHERE_KEYS.has(k) || rest.length === 0) {
        const hint = rest.length > 0 ? didYouMean(k, [...WHERE_KEYS]) : '';
        throw usageError(`--fail-on "${text}": bad filter "${part.trim()}"${hint} (keys: ${[...WHERE_KEYS].join(', ')}; write key=value)`);
      }
      where.push([k, rest.join('=').trim()]);
    }
  }
  if (m[5] && !delta) throw usageError(`--fail-on "${text}": "significant" applies to delta(...) rules only`);
  return { text: text.trim(), metric, delta, op: m[3] as Rule['op'], value: Number(m[4]), significant: Boolean(m[5]), where };
}

function parseMetric(text: string, rule: string): MetricRef {
  const t = text.trim().toLowerCase();
  const at = /^(tpr|recall)@fpr=(\d*\.?\d+(?:e-?\d+)?)$/.exec(t);
  if (at) {
    const level = Number(at[2]);
    if (!(level >= 0 && level <= 1)) throw usageError(`--fail-on "${rule}": FPR level must be in [0, 1]`);
    return { name: 'tpr', level };
  }
  const name = ALIASES[t];
  if (!name) throw usageError(`--fail-on "${rule}": unknown metric "${text}" (known: ${Object.keys(ALIASES).join(', ')}, tpr@fpr=X)`);
  return { name };
}

/** The key of a metric in comparison rows: precision, recall, ..., tpr@0.05. */
export function metricKey(ref: MetricRef): string {
  return ref.name === 'tpr' ? `tpr@${ref.level}` : ref.name;
}

/** FPR levels the rules need beyond the defaults, so metrics compute them. */
export function fprLevelsFor(rules: readonly Rule[], defaults: readonly number[]): number[] {
  const levels = new Set(defaults);
  for (const r of rules) if (r.metric.level !== undefined) levels.add(r.metric.level);
  return [...levels].sort((a, b) => a - b);
}

/** The estimate a metric reference points at in a slice. */
export function metricOf(s: SliceMetrics, ref: MetricRef): Estimate | null {
  switch (ref.name) {
    case 'precision':
      return s.precision;
    case 'recall':
      return s.recall;
    case 'f1':
      return s.f1;
    case 'fpr':
      return s.fpr;
    case 'attacked_fpr':
      return s.attackedFpr;
    case 'ap':
      return s.averagePrecision;
    case 'auc':
      return s.rocAuc;
    case 'tpr':
      return s.tprAtFpr[String(ref.level)] ?? null;
    case 'span_precision':
      return s.spans?.precision ?? null;
    case 'span_recall':
      return s.spans?.recall ?? null;
    case 'plagdet':
      return s.spans?.plagdet ?? null;
  }
}

/** The fields a rule's `where` clause can look at. */
export type Scoped = Pick<SliceMetrics, 'detector' | 'slice' | 'task' | 'kind' | 'generator' | 'intensity' | 'family' | 'factType'>;

/** Whether a slice is in a rule's scope. */
export function inScope(rule: Rule, s: Scoped): boolean {
  return rule.where.every(([key, value]) => scopeValue(key, s) === value);
}

/** The value a `where` key reads from a slice, as text (null when the slice has none). */
function scopeValue(key: string, s: Scoped): string | null {
  const actual = key === 'fact' ? s.factType : key === 'slice' ? s.slice : (s as unknown as Record<string, unknown>)[key];
  return actual === null || actual === undefined ? null : String(actual);
}

/**
 * A rule whose `where` selects no slice checks nothing, so it would pass
 * silently on a typo (`detector=word-overlap`, `kind=overal`): that is a
 * usage error naming the values that exist, with the closest one offered.
 * Delta rules are checked against the compared rows, absolute ones against
 * the slices.
 */
export function assertRulesMatch(rules: readonly Rule[], slices: readonly Scoped[]): void {
  for (const rule of rules) {
    if (rule.where.length === 0 || slices.some((s) => inScope(rule, s))) continue;
    // Name the first filter that matches nothing on its own, else the combination.
    for (const [key, value] of rule.where) {
      const existing = [...new Set(slices.map((s) => scopeValue(key, s)).filter((v): v is string => v !== null))].sort();
      if (existing.includes(value)) continue;
      const shown = existing.length > 12 ? `${existing.slice(0, 12).join(', ')}, ... (${existing.length} in all)` : existing.join(', ');
      throw usageError(`--fail-on "${rule.text}": no slice has ${key}=${value}${didYouMean(value, existing)} (${key} values: ${shown || 'none'})`);
    }
    throw usageError(`--fail-on "${rule.text}": no slice matches ${rule.where.map(([k, v]) => `${k}=${v}`).join(' and ')} together`);
  }
}

/** ` (did you mean "x"?)` for the closest candidate within a small edit distance, else "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

export function breaks(op: Rule['op'], actual: number, bound: number): boolean {
  return op === '<' ? actual < bound : op === '<=' ? actual <= bound : op === '>' ? actual > bound : actual >= bound;
}

/** Absolute rules against one run's slices (delta rules are skipped: see compare). A rule whose `where` matches no slice is a usage error. */
export function checkRules(rules: readonly Rule[], slices: readonly SliceMetrics[]): Violation[] {
  assertRulesMatch(rules.filter((r) => !r.delta), slices);
  const out: Violation[] = [];
  for (const rule of rules) {
    if (rule.delta) continue;
    for (const s of slices) {
      if (!inScope(rule, s)) continue;
      const value = metricOf(s, rule.metric)?.value;
      if (value === null || value === undefined) continue;
      if (breaks(rule.op, value, rule.value)) out.push({ rule: rule.text, detector: s.detector, slice: s.slice, actual: value });
    }
  }
  return out;
}

/** Parses the repeatable --fail-on option (a string or a list of strings). */
export function rulesFromOption(option: unknown): Rule[] {
  if (option === undefined || option === false) return [];
  const list = Array.isArray(option) ? option : [option];
  return list.map((r) => parseRule(String(r)));
}
