import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { choose, enumParam, finish, pickUnits, unitDraws } from './attack-kit.js';

/** Invisible characters by name: zero-width space, non-joiner, joiner, word joiner. */
const CHARS = { zwsp: '\u200B', zwnj: '\u200C', zwj: '\u200D', wj: '\u2060' } as const;
const CHOICES = ['zwsp', 'zwnj', 'zwj', 'wj', 'mixed'] as const;
const MIXED = Object.values(CHARS);

/**
 * RAID's zero-width-space attack: invisible characters slipped between
 * characters, so the text looks the same but its words are no longer the
 * strings a detector knows. A unit is a gap between two adjacent
 * non-whitespace characters (inside a word or between a word and its
 * punctuation), never inside an accented letter or an emoji sequence;
 * RAID's default fills all of them.
 */
export default defineGenerator({
  name: 'zero-width',
  description: 'Inserts invisible zero-width spaces (or joiners) between characters.',
  family: 'character',
  unit: 'gaps between two adjacent non-whitespace characters',
  defaultIntensity: 1,
  params: { char: 'what to insert: zwsp (U+200B, default), zwnj (U+200C), zwj (U+200D), wj (U+2060) or mixed' },
  generate(text, { intensity, seed, params }) {
    const choice = enumParam(params, 'char', CHOICES, 'zwsp');
    const index = new CodePointIndex(text);
    // Code-point offsets of gaps: position p sits between code points p-1 and p.
    const gaps: number[] = [];
    let cp = 0;
    let previousIsInk = false;
    let previous = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff) continue;
      const ink = !isSpace(c);
      if (ink && previousIsInk && previous !== 0x200d && !(c >= 0x300 && CLUSTER_PART.test(String.fromCodePoint(text.codePointAt(i)!)))) gaps.push(cp);
      previousIsInk = ink;
      previous = c;
      cp++;
    }
    const mask = pickUnits(gaps.length, intensity, seed);
    const draws = choice === 'mixed' ? unitDraws(gaps.length, 1, seed) : undefined;
    const fixed = choice === 'mixed' ? '' : CHARS[choice];
    const chosen: Replacement[] = [];
    for (let k = 0; k < gaps.length; k++) {
      if (!mask[k]) continue;
      const after = draws === undefined ? fixed : MIXED[choose(draws[k], MIXED.length)];
      chosen.push({ start: gaps[k], end: gaps[k], after, kind: 'zero-width' });
    }
    return finish(text, index, chosen, gaps.length, intensity);
  },
});

/**
 * Code points that belong to the character before them: combining marks,
 * joiners and variation selectors. A gap before one (or after a zero-width
 * joiner) lies inside a user-perceived character; filling it would detach
 * an accent or break an emoji sequence, which a reader would see.
 */
const CLUSTER_PART = /^[\p{M}\u200C\u200D\uFE00-\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]$/u;

/** Whitespace by the \s definition, without a regex per character. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
