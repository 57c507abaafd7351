import type { Token } from '../../core/tokenize.js';
import { matchCase, type FactMention } from './mention.js';

/**
 * Gendered pronouns, swapped to the other gender: he <-> she, him -> her,
 * his -> her, hers -> his, himself <-> herself ("he's" -> "she's" too).
 * "her" is a possessive ("her plan" -> "his plan") when a word follows
 * that is not a function word, else an object ("told her." -> "told him.").
 */
const SWAP: Partial<Record<string, string>> = { he: 'she', she: 'he', him: 'her', his: 'her', hers: 'his', himself: 'herself', herself: 'himself', her: '' };
// Words after which "her" is an object, not a possessive.
const AFTER_OBJECT = new Set([
  'a', 'an', 'the', 'to', 'and', 'or', 'but', 'in', 'on', 'at', 'for', 'with', 'that', 'this', 'as', 'from', 'by', 'of',
  'into', 'about', 'up', 'out', 'off', 'back', 'down', 'away', 'again', 'if', 'when', 'so', 'than', 'too', 'is', 'was',
  'be', 'not', 'all', 'it', 'what', 'how', 'why', 'who', 'which', 'there', 'here', 'over', 'after', 'before', 'while',
]);
const CLITIC = /^(\p{L}+)(['’]\p{L}+)$/u;

/** `lower`: the tokens' texts lowercased, shared by the recognisers. */
export function recognizePronouns(tokens: readonly Token[], lower: readonly string[]): FactMention[] {
  const mentions: FactMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let word = tokens[i].text;
    let key = lower[i];
    if (key.length > 10 || (key.charCodeAt(0) !== 104 && key.charCodeAt(0) !== 115)) continue; // h, s
    if (key.includes("'") || key.includes('’')) {
      const clitic = CLITIC.exec(word); // "he's", "she'd"
      if (clitic === null) continue;
      word = clitic[1];
      key = word.toLowerCase();
    }
    let swapped = SWAP[key];
    if (swapped === undefined) continue;
    if (key === 'her') {
      const next = tokens[i + 1];
      swapped = next !== undefined && /^\p{L}/u.test(next.text) && !AFTER_OBJECT.has(lower[i + 1]) ? 'his' : 'him';
    }
    const start = tokens[i].start;
    mentions.push({ start, end: start + word.length, text: word, type: 'pronoun', options: [matchCase(word, swapped)] });
  }
  return mentions;
}
