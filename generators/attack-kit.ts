import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerateResult, ParamValue, Params } from '../core/types.js';
import { applyReplacements, realizedShare, type Replacement } from '../core/edits.js';
import type { CodePointIndex } from '../core/text.js';
import { createRng } from '../core/rng.js';
import { countForIntensity, drawUniforms } from '../core/select.js';
import { usageError } from '../core/errors.js';
import { packageRoot } from '../core/version.js';

/**
 * What the attack generators share: the same shape in every file (find the
 * eligible units, pick them nested, decide each unit's change from draws that
 * do not depend on the intensity, apply, report), so each attack is one
 * small module that only says what a unit is and how it changes.
 */

/**
 * Which units an intensity touches: the project's count rule and nested
 * selection (core/select.ts), from a stream of its own so the per-unit
 * choices below never shift the selection.
 */
export function pickUnits(count: number, intensity: number, seed: string): boolean[] {
  const draws = drawUniforms(count, createRng(`${seed}/select`));
  return selectSmallest(draws, countForIntensity(count, intensity));
}

/**
 * The same mask as core/select.ts `selectByRank` (the k smallest draws, ties
 * broken by position), found through a threshold on a native numeric sort
 * instead of sorting indexes with a comparator: 10-20 times faster on the
 * tens of thousands of units a character attack has, which is what keeps
 * the attacks above a million characters a second. A test checks the two
 * agree.
 */
export function selectSmallest(draws: Float64Array, k: number): boolean[] {
  const n = draws.length;
  const mask = new Array<boolean>(n).fill(k >= n);
  if (k <= 0 || k >= n) return mask;
  const threshold = Float64Array.from(draws).sort()[k - 1];
  let taken = 0;
  for (let i = 0; i < n; i++) {
    if (draws[i] < threshold) {
      mask[i] = true;
      taken++;
    }
  }
  for (let i = 0; i < n && taken < k; i++) {
    if (draws[i] === threshold) {
      mask[i] = true;
      taken++;
    }
  }
  return mask;
}

/**
 * `perUnit` uniforms for each of `count` units, in unit order, from a stream
 * separate from the selection. A unit's choice (which look-alike, which
 * typo) reads its own slots, so it is the same at every intensity: the edit
 * a unit gets at 0.2 is the edit it gets at 0.4.
 */
export function unitDraws(count: number, perUnit: number, seed: string): Float64Array {
  const rng = createRng(`${seed}/choice`);
  const draws = new Float64Array(count * perUnit);
  for (let i = 0; i < draws.length; i++) draws[i] = rng();
  return draws;
}

/** Uniform index in [0, n) from a draw in [0, 1). */
export function choose(draw: number, n: number): number {
  return Math.min(n - 1, Math.floor(draw * n));
}

/** Applies the chosen replacements and reports the realized share of eligible units. */
export function finish(
  text: string,
  index: CodePointIndex,
  chosen: readonly Replacement[],
  eligible: number,
  intensity: number,
  note?: string,
): GenerateResult {
  const { text: out, edits } = applyReplacements(text, chosen, index);
  const result: GenerateResult = { text: out, edits, requestedIntensity: intensity, realizedIntensity: realizedShare(chosen.length, eligible), eligible };
  if (note !== undefined) result.note = note;
  else if (eligible === 0) result.note = 'nothing eligible in this text';
  return result;
}

const tables = new Map<string, unknown>();

/** A table of generators/data/, parsed once per process. */
export function loadTable<T>(file: string): T {
  let table = tables.get(file);
  if (table === undefined) {
    table = JSON.parse(readFileSync(join(packageRoot(), 'generators', 'data', file), 'utf8')) as unknown;
    tables.set(file, table);
  }
  return table as T;
}

/** Gives `word` the case pattern of `model`: UPPER, Capitalized or as is. */
export function matchCase(model: string, word: string): string {
  if (model.length > 1 && model === model.toUpperCase() && model !== model.toLowerCase()) return word.toUpperCase();
  const first = model[0];
  if (word !== '' && first !== undefined && first !== first.toLowerCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/** Reads a parameter that must be one of `allowed`. */
export function enumParam<T extends string>(params: Params | undefined, name: string, allowed: readonly T[], fallback: T): T {
  const value: ParamValue | undefined = params?.[name];
  if (value === undefined) return fallback;
  if (!(allowed as readonly ParamValue[]).includes(value)) throw usageError(`--param ${name} must be one of ${allowed.join(', ')}, got "${String(value)}"`);
  return value as T;
}

/** Reads a boolean parameter (`true`/`false`). */
export function boolParam(params: Params | undefined, name: string, fallback: boolean): boolean {
  const value = params?.[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw usageError(`--param ${name} must be true or false, got "${String(value)}"`);
  return value;
}
