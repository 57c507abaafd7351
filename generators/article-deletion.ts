import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { tokenize } from '../core/tokenize.js';
import { boolParam, finish, pickUnits } from './attack-kit.js';

const ARTICLES = new Set(['a', 'an', 'the']);
const CAPITALIZED = new Set(['A', 'An', 'The']);

/**
 * RAID's article deletion: "a", "an" and "the" dropped, the telegraphic
 * style that shifts a text's statistics without changing what it says. A
 * unit is an article followed by a word; it is removed with the space after
 * it. With `capitalized` (default true) a sentence-initial "The" or "A" goes
 * too and the next word takes its capital ("The US is" -> "US is"); RAID
 * itself only removes lower-case articles. RAID's default: 0.5.
 */
export default defineGenerator({
  name: 'article-deletion',
  description: 'Deletes the articles "a", "an" and "the".',
  family: 'word',
  unit: 'articles followed by a word',
  defaultIntensity: 0.5,
  params: { capitalized: 'also delete sentence-initial "The"/"A"/"An", capitalizing the next word (default true)' },
  generate(text, { intensity, seed, params }) {
    const capitalized = boolParam(params, 'capitalized', true);
    const index = new CodePointIndex(text);
    const tokens = tokenize(text, 'words', index);
    const units: Replacement[] = [];
    for (let i = 0; i + 1 < tokens.length; i++) {
      const t = tokens[i];
      const next = tokens[i + 1];
      const lower = ARTICLES.has(t.text);
      const upper = !lower && capitalized && CAPITALIZED.has(t.text);
      if (!lower && !upper) continue;
      // The article must stand alone: whitespace after it, a word next, and nothing glued before it.
      if (next.start === t.end || !/^[\p{L}\p{N}]/u.test(next.text)) continue;
      const beforeU16 = index.toU16(t.start);
      if (beforeU16 > 0 && /[\p{L}\p{N}\-'’]/u.test(text[beforeU16 - 1])) continue;
      if (lower) {
        units.push({ start: t.start, end: next.start, after: '', kind: 'article-deletion' });
        continue;
      }
      if (!atSentenceStart(text, beforeU16)) continue;
      const first = String.fromCodePoint(next.text.codePointAt(0)!);
      if (first.toUpperCase() === first) units.push({ start: t.start, end: next.start, after: '', kind: 'article-deletion' });
      else {
        units.push({ start: t.start, end: next.start + 1, after: first.toUpperCase(), kind: 'article-deletion' });
        // The unit reaches into the next word (its capital): that word cannot start a unit of its own ("The a The").
        i++;
      }
    }
    const mask = pickUnits(units.length, intensity, seed);
    return finish(text, index, units.filter((_, k) => mask[k]), units.length, intensity);
  },
});

/** Nothing but whitespace and opening quotes between `u16` and the start of the text or a sentence end. */
function atSentenceStart(text: string, u16: number): boolean {
  let p = u16 - 1;
  while (p >= 0 && /[\s"'“‘«(\[]/u.test(text[p])) p--;
  while (p >= 0 && /["'”’»)\]]/u.test(text[p])) p--;
  return p < 0 || /[.!?…:]/u.test(text[p]);
}
