import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { tokenize } from '../core/tokenize.js';
import { enumParam, finish, loadTable, matchCase, pickUnits } from './attack-kit.js';

interface SpellingTable {
  /** American spelling -> British spelling, one to one, lower case. */
  usToGb: Record<string, string>;
}

const DIRECTIONS = ['us-to-gb', 'gb-to-us'] as const;
type Direction = (typeof DIRECTIONS)[number];

const maps = new Map<Direction, Map<string, string>>();
function spellings(direction: Direction): Map<string, string> {
  let map = maps.get(direction);
  if (map === undefined) {
    const pairs = Object.entries(loadTable<SpellingTable>('alt-spelling.json').usToGb);
    map = new Map(direction === 'us-to-gb' ? pairs : pairs.map(([us, gb]) => [gb, us]));
    maps.set(direction, map);
  }
  return map;
}

/**
 * RAID's alternative-spelling attack: American spellings turned British
 * ("color" -> "colour", "organize" -> "organise", "center" -> "centre"), or
 * back with `direction=gb-to-us`. The words mean the same, but a detector
 * that learned one variety sees unusual strings. Pairs come from SCOWL's
 * variety lists (generators/data/README.md); the word's case is kept. A unit
 * is a word the table knows; RAID's default changes all of them.
 */
export default defineGenerator({
  name: 'alt-spelling',
  description: 'Switches American spellings to British ones ("color" -> "colour"), or back.',
  family: 'word',
  unit: 'words with a spelling of the other variety',
  defaultIntensity: 1,
  params: { direction: 'us-to-gb (default, as RAID) or gb-to-us' },
  prepare: async (params) => {
    spellings(enumParam(params, 'direction', DIRECTIONS, 'us-to-gb'));
  },
  generate(text, { intensity, seed, params }) {
    const map = spellings(enumParam(params, 'direction', DIRECTIONS, 'us-to-gb'));
    const index = new CodePointIndex(text);
    const units: Replacement[] = [];
    for (const t of tokenize(text, 'words', index)) {
      const other = map.get(t.text.toLowerCase());
      if (other !== undefined) units.push({ start: t.start, end: t.end, after: matchCase(t.text, other), kind: 'alt-spelling' });
    }
    const mask = pickUnits(units.length, intensity, seed);
    return finish(text, index, units.filter((_, k) => mask[k]), units.length, intensity);
  },
});
