import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { tokenize } from '../core/tokenize.js';
import { enumParam, finish, pickUnits } from './attack-kit.js';

const MODES = ['first', 'word'] as const;

/** Upper to lower and lower to upper, letter by letter. */
function swapCase(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += ch === lower ? ch.toUpperCase() : lower;
  }
  return out;
}

const hasCase = (ch: string) => ch.toLowerCase() !== ch.toUpperCase();

/**
 * RAID's upper/lower flip: the first letter of a word switched between
 * upper and lower case ("talks" -> "Talks", "Monday" -> "monday"), which
 * changes tokens for cased models and n-gram matchers. A unit is a word
 * whose first character is a letter with case; `mode=word` flips every
 * letter of the word instead. RAID's default: 0.05.
 */
export default defineGenerator({
  name: 'case-swap',
  description: 'Flips the case of the first letter of words ("talks" -> "Talks").',
  family: 'character',
  unit: 'words starting with a cased letter',
  defaultIntensity: 0.05,
  params: { mode: 'first (flip the first letter, RAID; default) or word (flip every letter of the word)' },
  generate(text, { intensity, seed, params }) {
    const mode = enumParam(params, 'mode', MODES, 'first');
    const index = new CodePointIndex(text);
    const words = tokenize(text, 'words', index).filter((t) => hasCase(String.fromCodePoint(t.text.codePointAt(0)!)));
    const mask = pickUnits(words.length, intensity, seed);
    const chosen: Replacement[] = [];
    for (let k = 0; k < words.length; k++) {
      if (!mask[k]) continue;
      const w = words[k];
      if (mode === 'word') {
        chosen.push({ start: w.start, end: w.end, after: swapCase(w.text), kind: 'case-swap' });
      } else {
        const first = String.fromCodePoint(w.text.codePointAt(0)!);
        chosen.push({ start: w.start, end: w.start + 1, after: swapCase(first), kind: 'case-swap' });
      }
    }
    return finish(text, index, chosen, words.length, intensity);
  },
});
