import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { finish, pickUnits } from './attack-kit.js';
import { splitSentences } from './sentences.js';

/**
 * RAID's paragraph insertion: paragraph breaks between sentences, which
 * changes the layout detectors see (and how chunking detectors cut the text)
 * without changing a word. A unit is the whitespace between two sentences of
 * the same line; a chosen one becomes a blank line ("\n\n"). RAID's
 * default: 0.5.
 */
export default defineGenerator({
  name: 'paragraph-insert',
  description: 'Inserts paragraph breaks between sentences.',
  family: 'format',
  unit: 'sentence boundaries within a line',
  defaultIntensity: 0.5,
  generate(text, { intensity, seed }) {
    const index = new CodePointIndex(text);
    const sentences = splitSentences(text, index);
    const gaps: Replacement[] = [];
    for (let i = 1; i < sentences.length; i++) {
      const start = sentences[i - 1].end;
      const end = sentences[i].start;
      const between = index.slice(start, end);
      if (!between.includes('\n')) gaps.push({ start, end, after: '\n\n', kind: 'paragraph-break' });
    }
    const mask = pickUnits(gaps.length, intensity, seed);
    return finish(text, index, gaps.filter((_, k) => mask[k]), gaps.length, intensity);
  },
});
