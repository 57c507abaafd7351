import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { choose, enumParam, finish, pickUnits, unitDraws } from './attack-kit.js';

const MODES = ['shuffle', 'random'] as const;

/** Most digits a number may have for its draws; longer digit runs (ids, hashes) are skipped. */
const MAX_DIGITS = 16;

/**
 * RAID's number attack: the digits of numbers scrambled, so "85 percent"
 * may read "58 percent" and "24-year-old" "42-year-old". It is a cheap,
 * blind fact change (`fact-swap` makes meaningful ones); edits carry
 * factType `number`. A unit is a number (a run of digits, with inner `.` or
 * `,` kept in place) whose digits can change: `mode=shuffle` (default)
 * permutes its digits and needs two different ones; `mode=random` draws new
 * digits, as RAID does, and takes any number. RAID's default: 0.5.
 */
export default defineGenerator({
  name: 'number-shuffle',
  description: 'Shuffles the digits within numbers ("85" -> "58").',
  family: 'character',
  unit: 'numbers whose digits can change (shuffle: 2+ distinct digits)',
  defaultIntensity: 0.5,
  params: { mode: 'shuffle (permute the digits; default) or random (new random digits, as RAID)' },
  generate(text, { intensity, seed, params }) {
    const mode = enumParam(params, 'mode', MODES, 'shuffle');
    const index = new CodePointIndex(text);
    const numbers: Array<{ start: number; text: string }> = [];
    const re = /[0-9]+(?:[.,][0-9]+)*/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const digits = m[0].replace(/[.,]/g, '');
      if (digits.length > MAX_DIGITS) continue;
      if (mode === 'shuffle' && [...digits].every((d) => d === digits[0])) continue; // a shuffle of "11" changes nothing
      numbers.push({ start: index.toCodePoint(m.index), text: m[0] });
    }
    const mask = pickUnits(numbers.length, intensity, seed);
    const draws = unitDraws(numbers.length, MAX_DIGITS, seed);
    const chosen: Replacement[] = [];
    for (let k = 0; k < numbers.length; k++) {
      if (!mask[k]) continue;
      const n = numbers[k];
      const slots = draws.subarray(k * MAX_DIGITS, (k + 1) * MAX_DIGITS);
      const after = mode === 'shuffle' ? shuffleDigits(n.text, slots) : randomDigits(n.text, slots);
      chosen.push({ start: n.start, end: n.start + n.text.length, after, kind: 'number-shuffle', factType: 'number' });
    }
    return finish(text, index, chosen, numbers.length, intensity);
  },
});

/** Permutes the digits (separators stay put); if the draw gives back the same digits, rotates them instead. */
function shuffleDigits(number: string, draws: Float64Array): string {
  const digits = number.replace(/[.,]/g, '').split('');
  const original = digits.join('');
  for (let i = digits.length - 1; i > 0; i--) {
    const j = choose(draws[i], i + 1);
    [digits[i], digits[j]] = [digits[j], digits[i]];
  }
  let shuffled = digits.join('');
  // Some digit differs from its neighbour, so some rotation changes the string.
  for (let r = 1; shuffled === original; r++) shuffled = original.slice(r) + original.slice(0, r);
  return refill(number, shuffled);
}

/** RAID's variant: every digit redrawn; a draw that changes nothing bumps the last digit. */
function randomDigits(number: string, draws: Float64Array): string {
  const original = number.replace(/[.,]/g, '');
  let digits = '';
  for (let i = 0; i < original.length; i++) digits += String(choose(draws[i], 10));
  if (digits === original) digits = digits.slice(0, -1) + String((Number(digits.at(-1)) + 1 + choose(draws[MAX_DIGITS - 1], 9)) % 10);
  return refill(number, digits);
}

/** Puts digits back into the shape of `number`, separators where they were. */
function refill(number: string, digits: string): string {
  let k = 0;
  return number.replace(/[0-9]/g, () => digits[k++]);
}
