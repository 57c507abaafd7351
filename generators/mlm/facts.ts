import type { FactType } from '../../core/types.js';
import type { PipelineToken } from './pipeline.js';
import { LEX_CLASS } from './ngram-format.js';

/**
 * Which fact a source token states, so an edit that regenerates it is
 * tagged for the consistency task.
 *
 * A full compromise parse runs at about 2,500 words/s here, forty times
 * under the generator's throughput target, so the tagger uses compromise's
 * *lexicon* (names, places, organizations, months, number words; taken
 * once at model build time) plus two cheap signals:
 * - digits make a number;
 * - a capitalized word that is not at a sentence start, or that the corpus
 *   mostly capitalizes mid-sentence (or has never seen), is a named entity.
 *   Lexicon hits for names, places, organizations and dates also require
 *   the capital, so "may" (modal) and "china" (porcelain) stay untagged.
 */

/** Words whose swap flips or shifts what a sentence asserts (some -> no, all -> none, can't -> can). */
const POLARITY = new Set([
  'not', 'no', 'never', 'none', 'nothing', 'nobody', 'nowhere', 'neither', 'nor', 'without', 'cannot',
  'some', 'all', 'any', 'every', 'each', 'always', 'few', 'many', 'most', 'several', 'both', 'either',
]);

const CLASS_FACT: Record<number, FactType> = {
  [LEX_CLASS.person]: 'person',
  [LEX_CLASS.place]: 'place',
  [LEX_CLASS.organization]: 'organization',
  [LEX_CLASS.date]: 'date',
  [LEX_CLASS.number]: 'number',
};

/** Tokens after which a capital says nothing (a new sentence or quotation starts). */
const SENTENCE_OPENERS = new Set(['.', '!', '?', '"', '“', '‘', "'", '(', ':', '—', '-', ';']);

const DIGIT = /\p{N}/u;
const CAPITAL = /^\p{Lu}/u;

export interface FactContext {
  lexicon: Readonly<Record<string, number>>;
  /** Share of mid-sentence occurrences the corpus capitalizes (0..1), or -1 when unseen. */
  capitalizedShare(word: string): number;
}

/** The fact type of token i, or undefined when it states none. */
export function factTypeOf(tokens: readonly PipelineToken[], i: number, context: FactContext): FactType | undefined {
  const t = tokens[i];
  if (t.kind !== 'word') return undefined;
  const word = t.text;
  if (DIGIT.test(word)) return 'number';
  if (POLARITY.has(word) || isNegatedContraction(tokens, i)) return 'polarity';
  const cls = context.lexicon[word] ?? LEX_CLASS.none;
  if (cls === LEX_CLASS.number) return 'number';
  if (!CAPITAL.test(t.raw)) return undefined;
  if (cls !== LEX_CLASS.none) return CLASS_FACT[cls];
  const share = context.capitalizedShare(word);
  const sentenceStart = t.afterNewline || i === 0 || SENTENCE_OPENERS.has(tokens[i - 1].text);
  if (!sentenceStart || share < 0 || share >= 0.5) return 'entity';
  return undefined;
}

/** The "t" of "doesn ' t" (the pipeline splits "n't" that way). */
function isNegatedContraction(tokens: readonly PipelineToken[], i: number): boolean {
  return tokens[i].text === 't' && i >= 2 && tokens[i - 1].text === "'" && tokens[i - 2].text.endsWith('n') && tokens[i - 1].start === tokens[i - 2].end;
}
