import { defineGenerator, type Params } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { usageError } from '../core/errors.js';
import { choose, finish, loadTable, pickUnits, unitDraws } from './attack-kit.js';

interface HomoglyphTable {
  /** ASCII letter -> look-alikes. */
  map: Record<string, string[]>;
  /** Look-alike -> its script, from its Unicode name. */
  script: Record<string, Script>;
}

const SCRIPTS = ['cyrillic', 'greek'] as const;
type Script = (typeof SCRIPTS)[number];

/** Look-alikes by ASCII code, for the scripts asked for; built once per script set. */
const bySet = new Map<string, Array<string[] | undefined>>();

function lookAlikes(scripts: readonly Script[]): Array<string[] | undefined> {
  const key = scripts.join(',');
  let table = bySet.get(key);
  if (table === undefined) {
    const { map, script } = loadTable<HomoglyphTable>('homoglyphs.json');
    table = new Array<string[] | undefined>(128).fill(undefined);
    for (const [letter, glyphs] of Object.entries(map)) {
      const kept = glyphs.filter((g) => scripts.includes(script[g]));
      if (kept.length > 0) table[letter.charCodeAt(0)] = kept;
    }
    bySet.set(key, table);
  }
  return table;
}

function parseScripts(params: Params | undefined): Script[] {
  const raw = params?.scripts;
  if (raw === undefined) return [...SCRIPTS];
  const list = String(raw).split(/[\s,]+/).filter(Boolean);
  for (const s of list) if (!(SCRIPTS as readonly string[]).includes(s)) throw usageError(`--param scripts takes cyrillic, greek or both (comma-separated), got "${s}"`);
  if (list.length === 0) throw usageError('--param scripts is empty');
  return list as Script[];
}

/**
 * RAID's homoglyph attack (Dugan et al. 2024): Latin letters swapped for
 * letters of other scripts that look the same, so the text reads unchanged
 * while every affected word becomes a different string of code points. The
 * table is Unicode's confusables list cut to Cyrillic and Greek letters of
 * the same case (generators/data/README.md). A unit is one ASCII letter that
 * has a look-alike; RAID's default replaces all of them.
 */
export default defineGenerator({
  name: 'homoglyph',
  description: 'Swaps Latin letters for Cyrillic or Greek look-alikes ("a" -> Cyrillic "а").',
  family: 'character',
  unit: 'ASCII letters with a Cyrillic or Greek look-alike',
  defaultIntensity: 1,
  params: { scripts: 'scripts to borrow look-alikes from: cyrillic, greek or cyrillic,greek (default both)' },
  generate(text, { intensity, seed, params }) {
    const table = lookAlikes(parseScripts(params));
    const index = new CodePointIndex(text);
    const positions: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128 && table[c] !== undefined) positions.push(i);
    }
    const mask = pickUnits(positions.length, intensity, seed);
    const draws = unitDraws(positions.length, 1, seed);
    const chosen: Replacement[] = [];
    for (let k = 0; k < positions.length; k++) {
      if (!mask[k]) continue;
      const u16 = positions[k];
      const glyphs = table[text.charCodeAt(u16)]!;
      const cp = index.toCodePoint(u16);
      chosen.push({ start: cp, end: cp + 1, after: glyphs[choose(draws[k], glyphs.length)], kind: 'homoglyph' });
    }
    return finish(text, index, chosen, positions.length, intensity);
  },
});
