/**
 * The n-gram model's vocabulary and file layout, shared by the builder, the
 * cache and the model: special ids, word and fact classes, record fields,
 * the names of the arrays a model bundle holds, and the token key folding.
 */

/** Id of the boundary token (start and end of a document). */
export const BOUNDARY = 0;

/** Fact classes of the lexicon taken from compromise (see facts.ts). */
export const LEX_CLASS = { none: 0, person: 1, place: 2, organization: 3, date: 4, number: 5 } as const;

/**
 * Coarse word classes from the Brown tags (a word's most frequent class
 * wins). They let a fill agree in kind with the word it replaces, as BERT's
 * fills do (robert -> john, 24 -> 50): see `SampleOptions.classAffinity`.
 */
export const WORD_CLASS = {
  other: 0, noun: 1, proper: 2, verb: 3, aux: 4, adjective: 5, adverb: 6, preposition: 7,
  determiner: 8, conjunction: 9, pronoun: 10, wh: 11, number: 12,
} as const;
export const WORD_CLASSES = 13;

const TAG_PREFIXES: ReadonlyArray<[string, number]> = [
  ['np', WORD_CLASS.proper], ['nn', WORD_CLASS.noun], ['nr', WORD_CLASS.noun], ['vb', WORD_CLASS.verb],
  ['be', WORD_CLASS.aux], ['hv', WORD_CLASS.aux], ['do', WORD_CLASS.aux], ['md', WORD_CLASS.aux],
  ['jj', WORD_CLASS.adjective], ['rb', WORD_CLASS.adverb], ['ql', WORD_CLASS.adverb], ['rn', WORD_CLASS.adverb], ['rp', WORD_CLASS.adverb],
  ['in', WORD_CLASS.preposition], ['to', WORD_CLASS.preposition],
  ['at', WORD_CLASS.determiner], ['ap', WORD_CLASS.determiner], ['dt', WORD_CLASS.determiner], ['ab', WORD_CLASS.determiner],
  ['cc', WORD_CLASS.conjunction], ['cs', WORD_CLASS.conjunction],
  ['pp', WORD_CLASS.pronoun], ['pn', WORD_CLASS.pronoun], ['ex', WORD_CLASS.pronoun],
  ['w', WORD_CLASS.wh], ['cd', WORD_CLASS.number], ['od', WORD_CLASS.number],
];

/** Coarse class of a Brown tag such as `np$-tl` or `pps+bez`. */
export function wordClassOfTag(tag: string): number {
  const base = tag.split(/[-+]/)[0].replace(/[*$]/g, '');
  if (base === '') return WORD_CLASS.other;
  for (const [prefix, cls] of TAG_PREFIXES) if (base.startsWith(prefix)) return cls;
  return WORD_CLASS.other;
}

/** What the model file holds besides its arrays. */
export interface NgramMeta {
  format: number;
  corpus: string;
  categories: string[];
  vocab: string[];
  /** WordPiece continuation pieces (without "##") that completions index. */
  pieces: string[];
  /** compromise lexicon word -> LEX_CLASS value, for fact tagging. */
  lexicon: Record<string, number>;
  totalTokens: number;
  totalBigramTypes: number;
  discounts: { bigram: number; continuation: number; trigram: number };
}

/** Value fields of a bigram (b, c) record: C(bc), N1+(. b c), C(b c .), N1+(b c .). */
export const BI = { count: 0, contTypes: 1, ctxTotal: 2, ctxTypes: 3 } as const;
export const BIGRAM_VALUES = 4;

/** Entries of the unigram-context lists (fwd1, bwd1): [candidate word, bigram slot, bigram count]. */
export const UNIGRAM_LIST_STRIDE = 3;

/** Names of the typed arrays a model bundle must hold. */
export const NGRAM_ARRAYS = [
  'unigrams', 'capShare', 'wordLike', 'wordClass', 'bigrams', 'trigrams',
  'fwd1Off', 'fwd1', 'bwd1Off', 'bwd1', 'fwd2Off', 'fwd2', 'bwd2Off', 'bwd2', 'topUnigrams', 'classTopOff', 'classTop',
  'complOff', 'complPiece', 'complWeight',
] as const;
export type NgramArrayName = (typeof NGRAM_ARRAYS)[number];

/** Folds typographic variants so the corpus's “curly” quotes and the news wire's "straight" ones share counts. */
export function lmKey(token: string): string {
  if (token.length !== 1) return token;
  switch (token) {
    case '“': case '”': case '„': case '«': case '»': case '″':
      return '"';
    case '‘': case '’': case '′': case '`':
      return "'";
    case '–': case '―':
      return '—';
    default:
      return token;
  }
}
