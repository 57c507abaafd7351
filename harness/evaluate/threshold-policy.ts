import type { ThresholdPolicy } from '../../core/types.js';
import { usageError } from '../../core/errors.js';

export function parseThreshold(raw: unknown, fallback: ThresholdPolicy | undefined): ThresholdPolicy {
  if (raw === undefined) return fallback ?? { kind: 'fpr', target: 0.05 };
  const text = String(raw);
  if (text === 'label') return { kind: 'label' };
  const fpr = /^fpr[:=]([0-9.]+)$/.exec(text);
  if (fpr) {
    const target = Number(fpr[1]);
    if (!(target > 0 && target < 1)) throw usageError(`--threshold fpr:X needs 0 < X < 1, got "${text}"`);
    return { kind: 'fpr', target };
  }
  const value = Number(text);
  if (text.trim() !== '' && Number.isFinite(value)) return { kind: 'fixed', value };
  throw usageError(`--threshold must be "label", "fpr:0.05" or a number, got "${text}"`);
}
