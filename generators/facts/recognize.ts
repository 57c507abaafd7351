import { WordList } from '../../core/tokenize.js';
import { CodePointIndex } from '../../core/text.js';
import { loadWordNetSync } from '../../core/wordnet/index.js';
import { AntonymFinder } from './antonyms.js';
import { scanEntities, type EntityMention } from './entities.js';
import { factLexicon } from './lexicon.js';
import type { FactKind, FactMention } from './mention.js';
import { MentionList, Rule } from './mention-list.js';
import { negationOptions, recognizeNegations } from './negation.js';
import { numberMentionOptions, recognizeNumbers, recognizeWords } from './numbers.js';
import { pronounOptions, recognizePronouns } from './pronouns.js';

let antonymFinder: AntonymFinder | undefined;

/** The shared antonym finder (loads the WordNet index on first use). */
export function antonyms(): AntonymFinder {
  antonymFinder ??= new AntonymFinder(loadWordNetSync(), factLexicon());
  return antonymFinder;
}

/** The fact mentions of a text: every one found, and the ids of those kept, in text order. */
export interface FactScan {
  mentions: MentionList;
  kept: Uint32Array;
}

/**
 * Every fact mention of the wanted kinds in a text, in text order, with no
 * two overlapping: where recognisers disagree, the kind listed first in
 * FACT_KINDS wins (a name over a date, a year over a plain number).
 * Entity mentions come back with no options yet (the swapper picks donors).
 */
export function recognizeFacts(text: string, kinds: ReadonlySet<FactKind>, index = new CodePointIndex(text)): FactMention[] {
  const { mentions, kept } = scanFacts(text, kinds, index);
  const out: FactMention[] = [];
  for (const id of kept) {
    const start = mentions.start(id);
    const end = mentions.end(id);
    const type = mentions.kind(id);
    const mentionText = index.slice(start, end);
    if (mentions.rule(id) === Rule.entity) {
      const entity = { start, end, text: mentionText, type, key: mentions.key(id)!, options: [] } as EntityMention;
      const article = mentions.articleStart(id);
      if (article !== undefined) entity.articleStart = article;
      out.push(entity);
    } else out.push({ start, end, text: mentionText, type, options: factOptions(mentionText, mentions.rule(id)) });
  }
  return out;
}

/** {@link recognizeFacts} as columns (no object per mention), for long texts. */
export function scanFacts(text: string, kinds: ReadonlySet<FactKind>, index = new CodePointIndex(text)): FactScan {
  const lexicon = factLexicon();
  const mentions = new MentionList();
  const words = new WordList(text, index);
  if (kinds.has('person') || kinds.has('place') || kinds.has('organization')) {
    scanEntities(words, lexicon, (start, end, type, key, articleStart) => {
      if (kinds.has(type)) mentions.add(start, end, type, Rule.entity, key, articleStart);
    });
  }
  if (kinds.has('date') || kinds.has('number')) recognizeWords(words, kinds.has('date'), kinds.has('number'), mentions);
  if (kinds.has('number') || kinds.has('date')) {
    // Digits may be a date (a year) when only numbers are wanted, or the reverse: keep the wanted kinds.
    const digits = new MentionList();
    recognizeNumbers(text, index, digits);
    for (let i = 0; i < digits.length; i++) if (kinds.has(digits.kind(i))) mentions.add(digits.start(i), digits.end(i), digits.kind(i), digits.rule(i));
  }
  if (kinds.has('negation')) recognizeNegations(words, lexicon, loadWordNetSync(), mentions);
  if (kinds.has('pronoun')) recognizePronouns(words, mentions);
  if (kinds.has('antonym')) antonyms().recognize(words, mentions);
  return { mentions, kept: mentions.resolveOverlaps(index.length) };
}

/** The options of a mention other than an entity's, made again from its text and rule. */
export function factOptions(text: string, rule: Rule): string[] {
  switch (rule) {
    case Rule.digits:
    case Rule.year:
    case Rule.dayOfMonth:
    case Rule.numberWord:
    case Rule.dateWord:
      return numberMentionOptions(text, rule);
    case Rule.contracted:
    case Rule.dropNot:
    case Rule.addNot:
      return negationOptions(text, rule);
    case Rule.pronoun:
    case Rule.herHis:
    case Rule.herHim:
      return pronounOptions(text, rule);
    case Rule.antonymAdjective:
    case Rule.antonymVerb:
      return antonyms().options(text, rule);
    default:
      throw new Error(`fact options: rule ${rule} has no options of its own`);
  }
}
