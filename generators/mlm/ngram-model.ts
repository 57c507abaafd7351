import type { Rng } from '../../core/rng.js';
import { PairTable } from './pair-table.js';
import type { BundleArray } from './bundle.js';

/**
 * A bidirectional count-based masked LM: trigram counts from the Brown
 * corpus, interpolated Kneser-Ney smoothing, and an infilling score that
 * multiplies every trigram probability the masked word takes part in:
 *
 *   score(w) = P(w | l2 l1) * P(r1 | l1 w) * P(r2 | w r1)
 *
 * which is P(sentence with w) up to a factor that does not depend on w. A
 * context token that is unknown (masked, out of vocabulary, past the edge)
 * shortens the context; a right-hand term whose tokens are unknown is left out.
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
  /** compromise lexicon word -> LEX_CLASS value, for fact tagging. */
  lexicon: Record<string, number>;
  totalTokens: number;
  totalBigramTypes: number;
  discounts: { bigram: number; continuation: number; trigram: number };
}

/** Names of the typed arrays a model bundle must hold. */
export const NGRAM_ARRAYS = [
  'count', 'contTypes', 'followTypes', 'followTotal', 'midTypes', 'contFollowTypes', 'capShare', 'wordLike', 'wordClass',
  'biA', 'biB', 'biCount', 'biContTypes', 'biCtxTotal', 'biCtxTypes',
  'triA', 'triB', 'triCount',
  'fwd1Off', 'fwd1', 'bwd1Off', 'bwd1', 'fwd2Off', 'fwd2', 'bwd2Off', 'bwd2', 'topUnigrams', 'classTopOff', 'classTop',
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

/** Sampling knobs for one fill. */
export interface SampleOptions {
  topK: number;
  temperature: number;
  /**
   * Score factor for a candidate of the same word class as the token it
   * replaces (1 = none). An n-gram sees two words either side; BERT sees
   * the sentence, which mostly fixes what kind of word fits.
   */
  classAffinity: number;
}

export class NgramModel {
  readonly meta: NgramMeta;
  readonly vocab: readonly string[];
  private readonly ids: Map<string, number>;
  private readonly a: Record<NgramArrayName, Uint32Array | Uint8Array>;
  private readonly bigram: PairTable;
  private readonly trigram: PairTable;
  private readonly count: Uint32Array;
  private readonly contTypes: Uint32Array;
  private readonly followTypes: Uint32Array;
  private readonly followTotal: Uint32Array;
  private readonly midTypes: Uint32Array;
  private readonly contFollowTypes: Uint32Array;
  private readonly biCount: Uint32Array;
  private readonly biContTypes: Uint32Array;
  private readonly biCtxTotal: Uint32Array;
  private readonly biCtxTypes: Uint32Array;
  private readonly triCount: Uint32Array;
  private readonly d2: number;
  private readonly d2c: number;
  private readonly d3: number;
  // Scratch space reused by every fill: candidate dedupe stamps and the top-k buffer.
  private readonly stamp: Uint32Array;
  private generation = 0;
  private readonly topIds: Int32Array;
  private readonly topScores: Float64Array;

  constructor(meta: NgramMeta, arrays: ReadonlyMap<string, BundleArray>) {
    this.meta = meta;
    this.vocab = meta.vocab;
    this.ids = new Map(meta.vocab.map((w, i) => [w, i]));
    const a = {} as Record<NgramArrayName, Uint32Array | Uint8Array>;
    for (const name of NGRAM_ARRAYS) {
      const arr = arrays.get(name);
      if (arr === undefined || arr instanceof Float64Array) throw new Error(`n-gram model lacks array "${name}"`);
      a[name] = arr;
    }
    this.a = a;
    const u32 = (n: NgramArrayName) => a[n] as Uint32Array;
    this.bigram = new PairTable(u32('biA'), u32('biB'));
    this.trigram = new PairTable(u32('triA'), u32('triB'));
    this.count = u32('count');
    this.contTypes = u32('contTypes');
    this.followTypes = u32('followTypes');
    this.followTotal = u32('followTotal');
    this.midTypes = u32('midTypes');
    this.contFollowTypes = u32('contFollowTypes');
    this.biCount = u32('biCount');
    this.biContTypes = u32('biContTypes');
    this.biCtxTotal = u32('biCtxTotal');
    this.biCtxTypes = u32('biCtxTypes');
    this.triCount = u32('triCount');
    this.d2 = meta.discounts.bigram;
    this.d2c = meta.discounts.continuation;
    this.d3 = meta.discounts.trigram;
    this.stamp = new Uint32Array(meta.vocab.length);
    this.topIds = new Int32Array(256);
    this.topScores = new Float64Array(256);
  }

  /** Vocabulary id of a pipeline token, or -1 when unknown. */
  id(token: string): number {
    return this.ids.get(lmKey(token)) ?? -1;
  }

  /** Corpus frequency of a word id (0 for unknown). */
  frequency(id: number): number {
    return id < 0 ? 0 : this.count[id];
  }

  /** Share (0..1) of the word's mid-sentence occurrences in the corpus that were capitalized. */
  capitalizedShare(id: number): number {
    return id < 0 ? 0 : (this.a.capShare as Uint8Array)[id] / 255;
  }

  /** Coarse word class (WORD_CLASS) of a word id; `other` for unknown words. */
  wordClass(id: number): number {
    return id < 0 ? WORD_CLASS.other : (this.a.wordClass as Uint8Array)[id];
  }

  /** True when the word has a letter or digit (only such words are offered as fills). */
  isWordLike(id: number): boolean {
    return id > 0 && (this.a.wordLike as Uint8Array)[id] === 1;
  }

  private p1(c: number): number {
    return this.count[c] / this.meta.totalTokens;
  }

  private p1cont(c: number): number {
    return Math.max(this.contTypes[c], 0.5) / this.meta.totalBigramTypes;
  }

  /** Lower-order bigram of Kneser-Ney: continuation counts. */
  private p2cont(b: number, c: number): number {
    const mid = this.midTypes[b];
    if (mid === 0) return this.p1cont(c);
    const slot = this.bigram.find(b, c);
    const n = slot < 0 ? 0 : this.biContTypes[slot];
    return (Math.max(n - this.d2c, 0) + this.d2c * this.contFollowTypes[b] * this.p1cont(c)) / mid;
  }

  /** Top-order bigram: raw counts, interpolated with the continuation unigram. */
  private p2raw(b: number, c: number, slot: number): number {
    const total = this.followTotal[b];
    if (total === 0) return this.p1(c);
    const n = slot < 0 ? 0 : this.biCount[slot];
    return (Math.max(n - this.d2, 0) + this.d2 * this.followTypes[b] * this.p1cont(c)) / total;
  }

  /**
   * P(c | a b) with a, b possibly unknown (-1). `ctx` is the bigram slot of
   * (a, b) when the caller already has it (-2 = look it up).
   */
  conditional(a: number, b: number, c: number, ctx = -2): number {
    if (b < 0) return this.p1(c);
    if (a < 0) return this.p2raw(b, c, this.bigram.find(b, c));
    const slot = ctx === -2 ? this.bigram.find(a, b) : ctx;
    if (slot < 0 || this.biCtxTotal[slot] === 0) return this.p2raw(b, c, this.bigram.find(b, c));
    const tri = this.trigram.find(slot, c);
    const n = tri < 0 ? 0 : this.triCount[tri];
    return (Math.max(n - this.d3, 0) + this.d3 * this.biCtxTypes[slot] * this.p2cont(b, c)) / this.biCtxTotal[slot];
  }

  /**
   * Samples a word for a masked position from its context (ids, -1 unknown):
   * gathers candidates that the corpus shows next to the context, scores
   * them, keeps the top k and draws one with `u` at the given temperature.
   * `exclude` (the original word) is never returned. Returns -1 when no
   * candidate exists.
   */
  sample(l2: number, l1: number, r1: number, r2: number, exclude: number, targetClass: number, u: number, options: SampleOptions): number {
    const k = Math.max(1, Math.min(options.topK, this.topIds.length));
    let filled = 0;
    const gen = this.nextGeneration();
    const leftCtx = l1 >= 0 && l2 >= 0 ? this.bigram.find(l2, l1) : -1;
    const rightCtx = r1 >= 0 && r2 >= 0 ? this.bigram.find(r1, r2) : -1;
    const wordClass = this.a.wordClass as Uint8Array;

    const consider = (w: number) => {
      if (this.stamp[w] === gen || w === exclude) return;
      this.stamp[w] = gen;
      let s = this.conditional(l2, l1, w, leftCtx >= 0 ? leftCtx : -2);
      if (r1 >= 0) {
        s *= this.conditional(l1, w, r1);
        if (r2 >= 0) s *= this.conditional(w, r1, r2);
      }
      if (targetClass > 0 && wordClass[w] === targetClass) s *= options.classAffinity;
      // Keep the k best in descending order (insertion into a short buffer).
      if (filled === k && s <= this.topScores[k - 1]) return;
      let i = filled < k ? filled++ : k - 1;
      while (i > 0 && this.topScores[i - 1] < s) {
        this.topScores[i] = this.topScores[i - 1];
        this.topIds[i] = this.topIds[i - 1];
        i--;
      }
      this.topScores[i] = s;
      this.topIds[i] = w;
    };

    if (leftCtx >= 0) this.eachIn('fwd2Off', 'fwd2', leftCtx, consider);
    if (l1 >= 0) this.eachIn('fwd1Off', 'fwd1', l1, consider);
    if (rightCtx >= 0) this.eachIn('bwd2Off', 'bwd2', rightCtx, consider);
    if (r1 >= 0) this.eachIn('bwd1Off', 'bwd1', r1, consider);
    if (targetClass === WORD_CLASS.proper || targetClass === WORD_CLASS.number) this.eachIn('classTopOff', 'classTop', targetClass, consider);
    if (filled < k) {
      const top = this.a.topUnigrams as Uint32Array;
      for (let i = 0; i < top.length; i++) consider(top[i]);
    }
    if (filled === 0) return -1;

    // Temperature on the scores relative to the best, then one draw.
    const inv = 1 / Math.max(options.temperature, 1e-6);
    const best = this.topScores[0];
    let total = 0;
    for (let i = 0; i < filled; i++) {
      const w = best > 0 ? Math.pow(this.topScores[i] / best, inv) : 1;
      this.topScores[i] = w;
      total += w;
    }
    let target = u * total;
    for (let i = 0; i < filled; i++) {
      target -= this.topScores[i];
      if (target < 0) return this.topIds[i];
    }
    return this.topIds[filled - 1];
  }

  private eachIn(offName: NgramArrayName, listName: NgramArrayName, key: number, f: (w: number) => void): void {
    const off = this.a[offName] as Uint32Array;
    const list = this.a[listName] as Uint32Array;
    for (let i = off[key], end = off[key + 1]; i < end; i++) f(list[i]);
  }

  private nextGeneration(): number {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }
}
