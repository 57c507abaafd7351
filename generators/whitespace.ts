import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { usageError } from '../core/errors.js';
import { finish, pickUnits } from './attack-kit.js';

/**
 * RAID's whitespace attack: extra spaces between words, which throw off
 * tokenizers and n-gram matchers while a reader barely notices. A unit is
 * a run of spaces or tabs between two words (line breaks are left alone;
 * `paragraph-insert` and `flatten-whitespace` change those); a chosen gap
 * gets `spaces` more spaces. RAID's default: 0.2.
 */
export default defineGenerator({
  name: 'whitespace',
  description: 'Inserts extra spaces between words.',
  family: 'format',
  unit: 'runs of spaces between two words (same line)',
  defaultIntensity: 0.2,
  params: { spaces: 'extra spaces per chosen gap, 1..10 (default 1)' },
  generate(text, { intensity, seed, params }) {
    const spaces = params?.spaces ?? 1;
    if (typeof spaces !== 'number' || !Number.isInteger(spaces) || spaces < 1 || spaces > 10) throw usageError(`--param spaces must be an integer from 1 to 10, got "${String(spaces)}"`);
    const extra = ' '.repeat(spaces);
    const index = new CodePointIndex(text);
    const gaps: number[] = [];
    const re = /[ \t\u00A0]+/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (m.index > 0 && end < text.length && !/\s/.test(text[m.index - 1]) && !/\s/.test(text[end])) gaps.push(index.toCodePoint(m.index));
    }
    const mask = pickUnits(gaps.length, intensity, seed);
    const chosen: Replacement[] = [];
    for (let k = 0; k < gaps.length; k++) if (mask[k]) chosen.push({ start: gaps[k], end: gaps[k], after: extra, kind: 'whitespace' });
    return finish(text, index, chosen, gaps.length, intensity);
  },
});
