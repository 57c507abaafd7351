import type { CodePointIndex } from '../../core/text.js';
import type { FactLexicon } from './lexicon.js';
import { matchCase, spanOf, type FactMention } from './mention.js';

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
const CONTRACTED = /(?<![\p{L}\p{N}])(?:(do|does|did|is|are|was|were|has|have|had|could|would|should|must|might|need)n['’]t|(can)['’]t|(can)not|(wo)n['’]t|(sha)n['’]t)(?![\p{L}\p{N}])/giu;
const AUX = 'is|are|was|were|am|do|does|did|has|have|had|can|could|will|would|should|shall|must|may|might';
const WITH_NOT = new RegExp(`(?<![\\p{L}\\p{N}'’])(${AUX})\\s+not(?![\\p{L}\\p{N}])(?!\\s+only\\b)`, 'giu');
const BARE = new RegExp(`(?<![\\p{L}\\p{N}'’])(${AUX})(?![\\p{L}\\p{N}'’])`, 'gu');
const ALWAYS = new Set(['is', 'are', 'was', 'were', 'am', 'can', 'could', 'will', 'would', 'should', 'shall', 'must', 'may', 'might']);
const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'that', 'his', 'her', 'their', 'its', 'our', 'your', 'my', 'no', 'every']);

export function recognizeNegations(text: string, index: CodePointIndex, lexicon: FactLexicon): FactMention[] {
  const mentions: FactMention[] = [];
  const taken = new Set<number>();
  const contracted = new RegExp(CONTRACTED.source, CONTRACTED.flags);
  for (let m = contracted.exec(text); m !== null; m = contracted.exec(text)) {
    const word = m[0];
    const base = m[1] ?? m[2] ?? m[3] ?? (m[4] !== undefined ? 'will' : 'shall');
    const { start, end } = spanOf(index, m.index, m.index + word.length);
    mentions.push({ start, end, text: word, type: 'negation', options: [matchCase(word, base.toLowerCase())] });
  }
  const withNot = new RegExp(WITH_NOT.source, WITH_NOT.flags);
  for (let m = withNot.exec(text); m !== null; m = withNot.exec(text)) {
    const { start, end } = spanOf(index, m.index, m.index + m[0].length);
    taken.add(m.index);
    mentions.push({ start, end, text: m[0], type: 'negation', options: [m[1]] });
  }
  const bare = new RegExp(BARE.source, BARE.flags);
  for (let m = bare.exec(text); m !== null; m = bare.exec(text)) {
    if (taken.has(m.index)) continue;
    const aux = m[1];
    const after = /^\s+([\p{L}'’]+)/u.exec(text.slice(m.index + aux.length, m.index + aux.length + 40));
    const next = after?.[1].toLowerCase();
    if (next === 'not' || next === 'never' || next === "n't") continue;
    const previous = /([\p{L}]+)\s+$/u.exec(text.slice(Math.max(0, m.index - 20), m.index))?.[1].toLowerCase();
    if (previous !== undefined && DETERMINERS.has(previous)) continue; // "a can of", "the will of"
    if (!ALWAYS.has(aux) && (next === undefined || !(lexicon.verbs.has(next) || /ed$/.test(next)))) continue;
    const { start, end } = spanOf(index, m.index, m.index + aux.length);
    mentions.push({ start, end, text: aux, type: 'negation', options: [`${aux} not`] });
  }
  return mentions;
}
