import type { ThresholdPolicy } from '../../core/types.js';
import { usageError } from '../../core/errors.js';

/**
 * The one threshold grammar, shared by `--threshold` (run, report, compare,
 * metrics), a suite's `threshold` field and the reproduce line of reports:
 *
 * - `label`: the detector's own 0/1 label;
 * - `fpr:<x>` (or `fpr=<x>`), 0 < x < 1: the threshold that reaches FPR x on
 *   the calibration negatives;
 * - `fixed:<x>` (or `fixed=<x>`), x a finite number: flag when score >= x;
 * - `<x>`: a bare number, the same as `fixed:<x>` (older command lines).
 *
 * Kind words are case-insensitive and blanks around the text and the
 * separator are ignored; numbers are decimal (`-1.5e2` but not `0x10`).
 */
export const THRESHOLD_FORMS = 'label, fpr:<x> with 0 < x < 1 (e.g. fpr:0.05), fixed:<finite number> or a bare number';

/** The policy when neither the command line nor the suite gives one. */
export const DEFAULT_THRESHOLD_POLICY: ThresholdPolicy = Object.freeze({ kind: 'fpr', target: 0.05 });

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Reads a policy without throwing. A problem is worded without saying where
 * the text came from, so the CLI (`--threshold: ...`) and a suite file
 * (`suite.json: threshold: ...`) give the same message after their prefix.
 */
export function readThresholdPolicy(text: string): { policy: ThresholdPolicy } | { problem: string } {
  const t = text.trim();
  const bad = (why: string) => ({ problem: `${why} (use ${THRESHOLD_FORMS})` });
  if (t.toLowerCase() === 'label') return { policy: { kind: 'label' } };
  const m = /^(?:(fixed|fpr)\s*[:=]\s*)?(.*)$/is.exec(t)!;
  const kind = m[1]?.toLowerCase();
  const number = m[2];
  if (!DECIMAL.test(number)) return bad(`"${text}" is not a threshold policy`);
  const value = Number(number);
  // Decimal syntax can still overflow ("1e999").
  if (!Number.isFinite(value)) return bad(`"${text}": the number must be finite`);
  if (kind !== 'fpr') return { policy: { kind: 'fixed', value } };
  if (!(value > 0 && value < 1)) return bad(`"${text}": the FPR target must be between 0 and 1, both excluded`);
  return { policy: { kind: 'fpr', target: value } };
}

/**
 * Parses a policy in the grammar of {@link THRESHOLD_FORMS}; a bad one is a
 * usage error (exit 2) naming `where` (the flag, by default `--threshold`)
 * and the accepted forms.
 */
export function parseThresholdPolicy(text: string, where = '--threshold'): ThresholdPolicy {
  const read = readThresholdPolicy(text);
  if ('problem' in read) throw usageError(`${where}: ${read.problem}`);
  return read.policy;
}

/**
 * A policy as text that {@link parseThresholdPolicy} reads back to the same
 * policy: what reports print in their reproduce line.
 */
export function formatThresholdPolicy(policy: ThresholdPolicy): string {
  if (policy.kind === 'label') return 'label';
  if (policy.kind === 'fpr') return `fpr:${numberText(policy.target)}`;
  return `fixed:${numberText(policy.value)}`;
}

/** String() drops the sign of -0; keep it so the text reads back to the same double. */
function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
