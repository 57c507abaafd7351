import type { WordList } from '../../core/tokenize.js';
import { matchCase } from './mention.js';
import { Rule } from './mention-list.js';
import type { MentionList } from './mention-list.js';

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

/** Gendered pronouns ("he's" counts as "he"). */
export function recognizePronouns(words: WordList, out: MentionList): void {
  const count = words.length;
  for (let i = 0; i < count; i++) {
    const first = words.firstCode(i);
    // h, s, H, S: most tokens are skipped before their text is sliced.
    if (words.size(i) > 10 || (first !== 104 && first !== 115 && first !== 72 && first !== 83)) continue;
    let word = words.word(i);
    let key = word.toLowerCase();
    if (key.length > 10 || (key.charCodeAt(0) !== 104 && key.charCodeAt(0) !== 115)) continue; // h, s
    if (key.includes("'") || key.includes('’')) {
      const clitic = CLITIC.exec(word); // "he's", "she'd"
      if (clitic === null) continue;
      word = clitic[1];
      key = word.toLowerCase();
    }
    if (SWAP[key] === undefined) continue;
    let rule: Rule = Rule.pronoun;
    if (key === 'her') {
      const next = i + 1 < count ? words.word(i + 1) : undefined;
      rule = next !== undefined && /^\p{L}/u.test(next) && !AFTER_OBJECT.has(next.toLowerCase()) ? Rule.herHis : Rule.herHim;
    }
    const start = words.start(i);
    out.add(start, start + word.length, 'pronoun', rule);
  }
}

/** The one option of a pronoun mention, from its text and rule. */
export function pronounOptions(text: string, rule: Rule): string[] {
  const swapped = rule === Rule.herHis ? 'his' : rule === Rule.herHim ? 'him' : SWAP[text.toLowerCase()]!;
  return [matchCase(text, swapped)];
}
