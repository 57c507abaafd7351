import { usageError } from '../core/errors.js';

/** A flag that takes a whole number of at least `min`: undefined when not given, a usage error (exit 2) naming the flag when not one. */
export function wholeNumberOption(raw: unknown, flag: string, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw usageError(`${flag} must be a whole number >= ${min}, got "${String(raw)}"`);
  return n;
}
