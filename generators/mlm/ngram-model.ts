import { PairTable } from './pair-table.js';
import type { BundleArray } from './bundle.js';
import type { Completions } from './wordpiece.js';
import { KneserNey } from './kneser-ney.js';
import { InfillSampler, type CandidateLists, type SampleOptions } from './infill-sampler.js';
import { BIGRAM_VALUES, NGRAM_ARRAYS, WORD_CLASS, lmKey, type NgramArrayName, type NgramMeta } from './ngram-format.js';

export type { SampleOptions } from './infill-sampler.js';

/**
 * A bidirectional count-based masked LM over a model bundle: trigram counts
 * from the Brown corpus with interpolated Kneser-Ney smoothing
 * (kneser-ney.ts), filled by sampling among the candidates the context
 * offers (infill-sampler.ts). This class holds the arrays and answers
 * questions about single words.
 */
export class NgramModel {
  readonly meta: NgramMeta;
  readonly vocab: readonly string[];
  private readonly ids: Map<string, number>;
  private readonly a: Record<NgramArrayName, Uint32Array | Uint8Array>;
  private readonly kn: KneserNey;
  private readonly lists: CandidateLists;
  /** Built at the first fill: its filters take a pass over the tables that a model only asked for probabilities does not need. */
  private sampler: InfillSampler | undefined;

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
    this.kn = new KneserNey(meta, u32('unigrams'), new PairTable(u32('bigrams'), 2 + BIGRAM_VALUES), new PairTable(u32('trigrams'), 3));
    this.lists = {
      fwd1Off: u32('fwd1Off'), fwd1: u32('fwd1'), bwd1Off: u32('bwd1Off'), bwd1: u32('bwd1'),
      fwd2Off: u32('fwd2Off'), fwd2: u32('fwd2'), bwd2Off: u32('bwd2Off'), bwd2: u32('bwd2'),
      classTopOff: u32('classTopOff'), classTop: u32('classTop'), topUnigrams: u32('topUnigrams'),
    };
  }

  /** Vocabulary id of a pipeline token, or -1 when unknown. */
  id(token: string): number {
    return this.ids.get(lmKey(token)) ?? -1;
  }

  /** Corpus frequency of a word id (0 for unknown). */
  frequency(id: number): number {
    return this.kn.count(id);
  }

  /** Share (0..1) of the word's mid-sentence occurrences in the corpus that were capitalized. */
  capitalizedShare(id: number): number {
    return id < 0 ? 0 : (this.a.capShare as Uint8Array)[id] / 255;
  }

  /** WordPiece pieces that complete each word into another corpus word. */
  completions(): Completions {
    return { offsets: this.a.complOff as Uint32Array, piece: this.a.complPiece as Uint32Array, weight: this.a.complWeight as Uint32Array };
  }

  /** Coarse word class (WORD_CLASS) of a word id; `other` for unknown words. */
  wordClass(id: number): number {
    return id < 0 ? WORD_CLASS.other : (this.a.wordClass as Uint8Array)[id];
  }

  /** True when the word has a letter or digit (only such words are offered as fills). */
  isWordLike(id: number): boolean {
    return id > 0 && (this.a.wordLike as Uint8Array)[id] === 1;
  }

  /** P(c | a b) with a, b possibly unknown (-1): the context shortens to what is known. */
  conditional(a: number, b: number, c: number): number {
    return this.kn.conditional(a, b, c);
  }

  /**
   * Samples a word for a masked position from its context (ids, -1 unknown)
   * with the uniform `u`; never `exclude` (the original word); a candidate
   * of `targetClass` gets the class affinity. -1 when no candidate exists.
   */
  sample(l2: number, l1: number, r1: number, r2: number, exclude: number, targetClass: number, u: number, options: SampleOptions): number {
    this.sampler ??= new InfillSampler(this.kn, this.lists, this.a.wordClass as Uint8Array);
    return this.sampler.sample(l2, l1, r1, r2, exclude, targetClass, u, options);
  }
}
