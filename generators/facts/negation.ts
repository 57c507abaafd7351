import type { WordList } from '../../core/tokenize.js';
import type { WordNet } from '../../core/wordnet/index.js';
import type { FactLexicon } from './lexicon.js';
import { matchCase } from './mention.js';
import { Rule, type MentionList } from './mention-list.js';

/**
 * Negation on auxiliaries, in both directions:
 * - removed: "doesn't" -> "does", "can't" -> "can", "won't" -> "will",
 *   "is not" -> "is" (the span covers the auxiliary and its negation);
 * - added: "is" -> "is not", "will" -> "will not", "has threatened" ->
 *   "has not threatened". Copulas and modals always take it; have/do only
 *   before a verb form ("has been", not "have to", not "has a plan").
 * A capitalized auxiliary opens a question or a sentence and is left alone
 * when adding ("Is he..." would become "Is not he..."); "not only" stays.
 */
const CONTRACTED: Partial<Record<string, string>> = {
  "don't": 'do', "doesn't": 'does', "didn't": 'did', "isn't": 'is', "aren't": 'are', "wasn't": 'was', "weren't": 'were',
  "hasn't": 'has', "haven't": 'have', "hadn't": 'had', "couldn't": 'could', "wouldn't": 'would', "shouldn't": 'should',
  "mustn't": 'must', "mightn't": 'might', "needn't": 'need', "can't": 'can', cannot: 'can', "won't": 'will', "shan't": 'shall',
};
const ALWAYS = new Set(['is', 'are', 'was', 'were', 'am', 'can', 'could', 'will', 'would', 'should', 'shall', 'must', 'may', 'might']);
const BEFORE_VERB = new Set(['do', 'does', 'did', 'has', 'have', 'had']);
const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'that', 'his', 'her', 'their', 'its', 'our', 'your', 'my', 'no', 'every']);
const NEGATIONS = new Set(['not', 'never', "n't"]);
/** One lookup per token: is it a negated form, an auxiliary that always takes "not", or one that needs a verb after it. */
const ROLE = new Map<string, 'contracted' | 'always' | 'before-verb'>([
  ...Object.keys(CONTRACTED).flatMap((w) => [[w, 'contracted'], [w.replace("'", '’'), 'contracted']] as const),
  ...[...ALWAYS].map((w) => [w, 'always'] as const),
  ...[...BEFORE_VERB].map((w) => [w, 'before-verb'] as const),
]);

/** Negated auxiliaries and auxiliaries that can take "not". */
export function recognizeNegations(words: WordList, lexicon: FactLexicon, wordnet: WordNet, out: MentionList): void {
  const count = words.length;
  const lowerAt = (i: number): string | undefined => (i >= 0 && i < count ? words.word(i).toLowerCase() : undefined);
  for (let i = 0; i < count; i++) {
    // The longest auxiliary form is 9 code units ("shouldn't"): no need to slice the longer tokens.
    if (words.size(i) > 9) continue;
    const text = words.word(i);
    const word = text.toLowerCase();
    const role = ROLE.get(word);
    if (role === undefined) continue;
    const start = words.start(i);
    if (CONTRACTED[word.replace('’', "'")] !== undefined) {
      out.add(start, words.end(i), 'negation', Rule.contracted);
      continue;
    }
    const isAlways = role === 'always';
    const next = lowerAt(i + 1);
    if (next === 'not') {
      if (lowerAt(i + 2) === 'only') continue;
      out.add(start, words.end(i + 1), 'negation', Rule.dropNot);
      i++;
      continue;
    }
    if (text !== word || (next !== undefined && NEGATIONS.has(next))) continue;
    const previous = lowerAt(i - 1);
    if (previous !== undefined && DETERMINERS.has(previous)) continue; // "a can of", "the will of"
    if (!isAlways && (next === undefined || !takesVerb(word, next, lexicon, wordnet))) continue;
    out.add(start, words.end(i), 'negation', Rule.addNot);
  }
}

/** The one option of a negation mention, from its text and rule. */
export function negationOptions(text: string, rule: Rule): string[] {
  if (rule === Rule.contracted) return [matchCase(text, CONTRACTED[text.toLowerCase().replace('’', "'")]!)];
  // "is not": the auxiliary is the mention's first word, letters only.
  if (rule === Rule.dropNot) return [/^\p{L}+/u.exec(text)![0]];
  return [`${text} not`];
}

/**
 * True when `next` is the verb a have/do auxiliary governs: a participle
 * after have ("has left", "had moved"; not "has plans", "have to"), a base
 * form after do ("did say").
 */
function takesVerb(aux: string, next: string, lexicon: FactLexicon, wordnet: WordNet): boolean {
  if (!/^\p{Ll}+$/u.test(next)) return false;
  const bases = wordnet.morphy(next, 'v');
  if (aux.startsWith('d')) return bases.includes(next);
  if (/(?:s|ing)$/.test(next)) return false;
  return /ed$/.test(next) ? bases.length > 0 || lexicon.verbs.has(next) : bases.some((b) => b !== next);
}
