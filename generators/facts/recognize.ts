import { tokenize } from '../../core/tokenize.js';
import { CodePointIndex } from '../../core/text.js';
import { loadWordNetSync } from '../../core/wordnet/index.js';
import { AntonymFinder } from './antonyms.js';
import { recognizeEntities } from './entities.js';
import { factLexicon } from './lexicon.js';
import { FACT_KINDS, type FactKind, type FactMention } from './mention.js';
import { recognizeNegations } from './negation.js';
import { recognizeNumbers, recognizeWords } from './numbers.js';
import { recognizePronouns } from './pronouns.js';

const PRIORITY = new Map<FactKind, number>(FACT_KINDS.map((k, i) => [k, i]));

let antonymFinder: AntonymFinder | undefined;

/** The shared antonym finder (loads the WordNet index on first use). */
export function antonyms(): AntonymFinder {
  antonymFinder ??= new AntonymFinder(loadWordNetSync(), factLexicon());
  return antonymFinder;
}

/**
 * Every fact mention of the wanted kinds in a text, in text order, with no
 * two overlapping: where recognisers disagree, the kind listed first in
 * FACT_KINDS wins (a name over a date, a year over a plain number).
 * Entity mentions come back with no options yet (the swapper picks donors).
 */
export function recognizeFacts(text: string, kinds: ReadonlySet<FactKind>, index = new CodePointIndex(text)): FactMention[] {
  const lexicon = factLexicon();
  const found: FactMention[] = [];
  const tokens = tokenize(text, 'words', index);
  // A token already in lower case (most of them) keeps its own string: no second copy per token.
  const lower = tokens.map((t) => {
    const l = t.text.toLowerCase();
    return l === t.text ? t.text : l;
  });
  if (kinds.has('person') || kinds.has('place') || kinds.has('organization')) {
    for (const m of recognizeEntities(tokens, index, lexicon)) if (kinds.has(m.type)) found.push(m);
  }
  if (kinds.has('date') || kinds.has('number')) found.push(...recognizeWords(tokens, lower, kinds.has('date'), kinds.has('number')));
  if (kinds.has('number') || kinds.has('date')) {
    for (const m of recognizeNumbers(text, index)) if (kinds.has(m.type)) found.push(m);
  }
  if (kinds.has('negation')) found.push(...recognizeNegations(tokens, lower, index, lexicon, loadWordNetSync()));
  if (kinds.has('pronoun')) found.push(...recognizePronouns(tokens, lower));
  if (kinds.has('antonym')) found.push(...antonyms().recognize(tokens));
  return resolveOverlaps(found, index.length);
}

function resolveOverlaps(mentions: FactMention[], length: number): FactMention[] {
  mentions.sort((a, b) => PRIORITY.get(a.type)! - PRIORITY.get(b.type)! || a.start - b.start);
  const taken = new Uint8Array(length);
  const kept: FactMention[] = [];
  for (const m of mentions) {
    let free = true;
    for (let i = m.start; i < m.end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, m.start, m.end);
    kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
