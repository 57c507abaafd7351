import type { CodePointIndex } from '../../core/text.js';
import { matchCase, spanOf, type FactMention } from './mention.js';

/**
 * Gendered pronouns, swapped to the other gender: he <-> she, him -> her,
 * his -> her, hers -> his, himself <-> herself. "her" is a possessive
 * ("her plan" -> "his plan") when a word follows that is not a function
 * word, else an object ("told her." -> "told him.").
 */
const PRONOUN = /(?<![\p{L}\p{N}])(?:he|she|him|his|her|hers|himself|herself)(?![\p{L}\p{N}])/giu;
const SWAP: Record<string, string> = { he: 'she', she: 'he', him: 'her', his: 'her', hers: 'his', himself: 'herself', herself: 'himself' };
// Words after which "her" is an object, not a possessive.
const AFTER_OBJECT = new Set([
  'a', 'an', 'the', 'to', 'and', 'or', 'but', 'in', 'on', 'at', 'for', 'with', 'that', 'this', 'as', 'from', 'by', 'of',
  'into', 'about', 'up', 'out', 'off', 'back', 'down', 'away', 'again', 'if', 'when', 'so', 'than', 'too', 'is', 'was',
  'be', 'not', 'all', 'it', 'what', 'how', 'why', 'who', 'which', 'there', 'here', 'over', 'after', 'before', 'while',
]);

export function recognizePronouns(text: string, index: CodePointIndex): FactMention[] {
  const mentions: FactMention[] = [];
  const re = new RegExp(PRONOUN.source, PRONOUN.flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const word = m[0];
    const lower = word.toLowerCase();
    let swapped = SWAP[lower];
    if (lower === 'her') {
      const next = /^ ([\p{L}]+)/u.exec(text.slice(m.index + 3, m.index + 40));
      swapped = next !== null && !AFTER_OBJECT.has(next[1].toLowerCase()) ? 'his' : 'him';
    }
    const { start, end } = spanOf(index, m.index, m.index + word.length);
    mentions.push({ start, end, text: word, type: 'pronoun', options: [matchCase(word, swapped)] });
  }
  return mentions;
}
