import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { tokenize } from '../core/tokenize.js';
import { choose, enumParam, finish, loadTable, matchCase, pickUnits, unitDraws } from './attack-kit.js';
import { keyboardTypo } from './keyboard.js';

interface MisspellingTable {
  /** Correct word (lower case) -> its recorded misspellings. */
  map: Record<string, string[]>;
}

const SOURCES = ['both', 'list', 'keyboard'] as const;
type Source = (typeof SOURCES)[number];

let listMap: Map<string, string[]> | undefined;
function misspellings(): Map<string, string[]> {
  listMap ??= new Map(Object.entries(loadTable<MisspellingTable>('misspellings.json').map));
  return listMap;
}

const ASCII_WORD = /^[A-Za-z]{3,}$/;

/**
 * Human spelling errors, as RAID's misspelling attack makes them: a word
 * replaced by a misspelling people actually write ("accommodate" ->
 * "accomodate"), from a list derived from Wikipedia's "Lists of common
 * misspellings" via codespell (generators/data/README.md), and, for words the
 * list does not know, a keyboard slip (a neighbouring key hit instead or as
 * well, a letter dropped, two letters swapped). A unit is an ASCII word of
 * three letters or more (with `source=list`: a word the list knows). The
 * case of the word is kept. RAID's default: 0.2. (RAID picks the words a
 * language model finds most likely; we pick uniformly, so the attack needs no
 * model.)
 */
export default defineGenerator({
  name: 'misspelling',
  description: 'Replaces words with common human misspellings, or keyboard typos where none is listed.',
  family: 'character',
  unit: 'ASCII words of 3+ letters (source=list: words with a listed misspelling)',
  defaultIntensity: 0.2,
  params: { source: 'both (list, then keyboard typos; default), list (listed misspellings only) or keyboard (typos only)' },
  prepare: async () => {
    misspellings();
  },
  generate(text, { intensity, seed, params }) {
    const source: Source = enumParam(params, 'source', SOURCES, 'both');
    const list = source === 'keyboard' ? undefined : misspellings();
    const index = new CodePointIndex(text);
    const words = tokenize(text, 'words', index).filter((t) => ASCII_WORD.test(t.text) && (source !== 'list' || list!.has(t.text.toLowerCase())));
    const mask = pickUnits(words.length, intensity, seed);
    const draws = unitDraws(words.length, 3, seed);
    const chosen: Replacement[] = [];
    for (let k = 0; k < words.length; k++) {
      if (!mask[k]) continue;
      const w = words[k];
      const listed = list?.get(w.text.toLowerCase());
      if (listed !== undefined) {
        chosen.push({ start: w.start, end: w.end, after: matchCase(w.text, listed[choose(draws[3 * k], listed.length)]), kind: 'misspelling' });
      } else {
        chosen.push({ start: w.start, end: w.end, after: keyboardTypo(w.text, draws[3 * k], draws[3 * k + 1], draws[3 * k + 2]), kind: 'keyboard-typo' });
      }
    }
    return finish(text, index, chosen, words.length, intensity);
  },
});
