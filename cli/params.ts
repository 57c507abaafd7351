import type { ParamValue } from '../core/types.js';
import { usageError } from '../core/errors.js';

/** Parses repeated `--param k=v` flags; numbers and booleans are typed. */
export function parseParams(raw: unknown): Record<string, ParamValue> {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const params: Record<string, ParamValue> = {};
  for (const item of list) {
    const text = String(item);
    const eq = text.indexOf('=');
    if (eq <= 0) throw usageError(`--param expects key=value, got "${text}"`);
    params[text.slice(0, eq)] = typeValue(text.slice(eq + 1));
  }
  return params;
}

function typeValue(v: string): ParamValue {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}
