import type { Token } from '../../core/tokenize.js';
import { matchCase, type FactMention } from './mention.js';

/**
 * Gendered pronouns, swapped to the other gender: he <-> she, him -> her,
 * his -> her, hers -> his, himself <-> herself ("he's" -> "she's" too).
 * "her" is a possessive ("her plan" -> "his plan") when a word follows
 * that is not a function word, else an object ("told her." -> "told him.").
 */
const SWAP: Record<string, string> = { he: 'she', she: 'he', him: 'her', his: 'her', hers: 'his', himself: 'herself', herself: 'himself', her: '' };
// Words after which "her" is an object, not a possessive.
const AFTER_OBJECT = new Set([
  'a', 'an', 'the', 'to', 'and', 'or', 'but', 'in', 'on', 'at', 'for', 'with', 'that', 'this', 'as', 'from', 'by', 'of',
  'into', 'about', 'up', 'out', 'off', 'back', 'down', 'away', 'again', 'if', 'when', 'so', 'than', 'too', 'is', 'was',
  'be', 'not', 'all', 'it', 'what', 'how', 'why', 'who', 'which', 'there', 'here', 'over', 'after', 'before', 'while',
]);
const CLITIC = /^(\p{L}+)(['’]\p{L}+)$/u;

export function recognizePronouns(tokens: readonly Token[]): FactMention[] {
  const mentions: FactMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let word = tokens[i].text;
    if (word.length > 9) continue;
    const clitic = CLITIC.exec(word);
    if (clitic !== null) word = clitic[1]; // "he's", "she'd"
    const lower = word.toLowerCase();
    let swapped = SWAP[lower];
    if (swapped === undefined) continue;
    if (lower === 'her') {
      const next = tokens[i + 1];
      swapped = next !== undefined && /^\p{L}/u.test(next.text) && !AFTER_OBJECT.has(next.text.toLowerCase()) ? 'his' : 'him';
    }
    const start = tokens[i].start;
    mentions.push({ start, end: start + word.length, text: word, type: 'pronoun', options: [matchCase(word, swapped)] });
  }
  return mentions;
}
