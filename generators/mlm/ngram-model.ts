import type { Rng } from '../../core/rng.js';
import { PENDING, PairTable } from './pair-table.js';
import type { BundleArray } from './bundle.js';
import type { Completions } from './wordpiece.js';
import { BI, BIGRAM_VALUES, BOUNDARY, NGRAM_ARRAYS, UNIGRAM_LIST_STRIDE, WORD_CLASS, lmKey, type NgramArrayName, type NgramMeta } from './ngram-format.js';

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

/** Fields of a unigram record: C(w), N1+(. w), N1+(w .), C(w .), N1+(. w .), #{c : N1+(. w c) > 0}. */
const UNI = { count: 0, contTypes: 1, followTypes: 2, followTotal: 3, midTypes: 4, contFollowTypes: 5 } as const;
const UNI_STRIDE = 6;
const BI_STRIDE = 2 + BIGRAM_VALUES;

/** How many candidates beyond k pass from the bigram pre-score to the trigram score. */
const SHORTLIST_EXTRA = 12;

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
  private readonly uni: Uint32Array;
  private readonly bi: Uint32Array;
  private readonly tri: Uint32Array;
  private readonly fwd1Off: Uint32Array;
  private readonly fwd1: Uint32Array;
  private readonly bwd1Off: Uint32Array;
  private readonly bwd1: Uint32Array;
  private readonly fwd2Off: Uint32Array;
  private readonly fwd2: Uint32Array;
  private readonly bwd2Off: Uint32Array;
  private readonly bwd2: Uint32Array;
  private readonly classTopOff: Uint32Array;
  private readonly classTop: Uint32Array;
  private readonly topUnigrams: Uint32Array;
  private readonly topOff: Uint32Array;
  private readonly d2: number;
  private readonly d2c: number;
  private readonly d3: number;
  // Scratch space reused by every fill: candidate dedupe stamps and the top-k buffer.
  private readonly stamp: Uint32Array;
  private generation = 0;
  private readonly topIds: Int32Array;
  private readonly topScores: Float64Array;
  private readonly shortIds: Int32Array;
  private readonly shortScores: Float64Array;
  private readonly shortLW: Int32Array;
  private readonly shortWR: Int32Array;
  private candW = new Int32Array(256);
  private candLW = new Int32Array(256);
  private candWR = new Int32Array(256);
  private countLW = new Int32Array(256);
  private countWR = new Int32Array(256);
  private readonly tri1 = new Int32Array(256 + SHORTLIST_EXTRA);
  private readonly tri2 = new Int32Array(256 + SHORTLIST_EXTRA);
  private readonly tri3 = new Int32Array(256 + SHORTLIST_EXTRA);

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
    this.bigram = new PairTable(u32('bigrams'), 2 + BIGRAM_VALUES);
    this.trigram = new PairTable(u32('trigrams'), 3);
    this.uni = u32('unigrams');
    this.bi = this.bigram.data;
    this.tri = this.trigram.data;
    this.fwd1Off = u32('fwd1Off');
    this.fwd1 = u32('fwd1');
    this.bwd1Off = u32('bwd1Off');
    this.bwd1 = u32('bwd1');
    this.fwd2Off = u32('fwd2Off');
    this.fwd2 = u32('fwd2');
    this.bwd2Off = u32('bwd2Off');
    this.bwd2 = u32('bwd2');
    this.classTopOff = u32('classTopOff');
    this.classTop = u32('classTop');
    this.topUnigrams = u32('topUnigrams');
    this.topOff = Uint32Array.of(0, this.topUnigrams.length);
    this.d2 = meta.discounts.bigram;
    this.d2c = meta.discounts.continuation;
    this.d3 = meta.discounts.trigram;
    this.stamp = new Uint32Array(meta.vocab.length);
    this.topIds = new Int32Array(256);
    this.topScores = new Float64Array(256);
    this.shortIds = new Int32Array(256 + SHORTLIST_EXTRA);
    this.shortScores = new Float64Array(256 + SHORTLIST_EXTRA);
    this.shortLW = new Int32Array(256 + SHORTLIST_EXTRA);
    this.shortWR = new Int32Array(256 + SHORTLIST_EXTRA);
  }

  /** Vocabulary id of a pipeline token, or -1 when unknown. */
  id(token: string): number {
    return this.ids.get(lmKey(token)) ?? -1;
  }

  /** Corpus frequency of a word id (0 for unknown). */
  frequency(id: number): number {
    return id < 0 ? 0 : this.uni[id * UNI_STRIDE + UNI.count];
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

  private p1(c: number): number {
    return this.uni[c * UNI_STRIDE + UNI.count] / this.meta.totalTokens;
  }

  private p1cont(c: number): number {
    return Math.max(this.uni[c * UNI_STRIDE + UNI.contTypes], 0.5) / this.meta.totalBigramTypes;
  }

  /** Lower-order bigram of Kneser-Ney (continuation counts); `slot` is that of (b, c) or -1. */
  private p2cont(b: number, c: number, slot: number): number {
    const u = b * UNI_STRIDE;
    const mid = this.uni[u + UNI.midTypes];
    if (mid === 0) return this.p1cont(c);
    const n = slot < 0 ? 0 : this.bi[slot * BI_STRIDE + 2 + BI.contTypes];
    return (Math.max(n - this.d2c, 0) + this.d2c * this.uni[u + UNI.contFollowTypes] * this.p1cont(c)) / mid;
  }

  /** Top-order bigram: raw counts, interpolated with the continuation unigram. */
  private p2raw(b: number, c: number, slot: number): number {
    return this.p2counted(b, c, slot < 0 ? 0 : this.bi[slot * BI_STRIDE + 2 + BI.count]);
  }

  /** p2raw given the bigram's count `n` = C(b c). */
  private p2counted(b: number, c: number, n: number): number {
    const u = b * UNI_STRIDE;
    const total = this.uni[u + UNI.followTotal];
    if (total === 0) return this.p1(c);
    return (Math.max(n - this.d2, 0) + this.d2 * this.uni[u + UNI.followTypes] * this.p1cont(c)) / total;
  }

  /** Trigram P(c | a b) given the slots of (a, b) and (b, c) (-1 when unseen). */
  private p3(ctx: number, b: number, c: number, slotBC: number): number {
    const at = ctx * BI_STRIDE + 2;
    const total = ctx < 0 ? 0 : this.bi[at + BI.ctxTotal];
    if (total === 0) return this.p2raw(b, c, slotBC);
    const tri = this.trigram.find(ctx, c);
    const n = tri < 0 ? 0 : this.tri[tri * 3 + 2];
    return (Math.max(n - this.d3, 0) + this.d3 * this.bi[at + BI.ctxTypes] * this.p2cont(b, c, slotBC)) / total;
  }

  /** p3 with the trigram's slot already looked up (-1 when unseen or not needed because the context total is 0). */
  private p3Counted(ctx: number, b: number, c: number, slotBC: number, tri: number): number {
    const at = ctx * BI_STRIDE + 2;
    const total = ctx < 0 ? 0 : this.bi[at + BI.ctxTotal];
    if (total === 0) return this.p2raw(b, c, slotBC);
    const n = tri < 0 ? 0 : this.tri[tri * 3 + 2];
    return (Math.max(n - this.d3, 0) + this.d3 * this.bi[at + BI.ctxTypes] * this.p2cont(b, c, slotBC)) / total;
  }

  /** infill with the trigram slots of its three terms already looked up (the same arithmetic, so the same bits). */
  private infillCounted(l2: number, l1: number, r1: number, r2: number, leftCtx: number, rightCtx: number, w: number, slotLW: number, slotWR: number, tri1: number, tri2: number, tri3: number): number {
    let s = l1 < 0 ? this.p1(w) : l2 < 0 ? this.p2raw(l1, w, slotLW) : this.p3Counted(leftCtx, l1, w, slotLW, tri1);
    if (r1 < 0) return s;
    s *= l1 < 0 ? this.p2raw(w, r1, slotWR) : this.p3Counted(slotLW, w, r1, slotWR, tri2);
    if (r2 >= 0) s *= this.p3Counted(slotWR, r1, r2, rightCtx, tri3);
    return s;
  }

  /** P(c | a b) with a, b possibly unknown (-1): the context shortens to what is known. */
  conditional(a: number, b: number, c: number): number {
    if (b < 0) return this.p1(c);
    const slotBC = this.bigram.find(b, c);
    if (a < 0) return this.p2raw(b, c, slotBC);
    return this.p3(this.bigram.find(a, b), b, c, slotBC);
  }

  /**
   * Infilling score of w between (l2 l1) and (r1 r2), ids or -1:
   * P(w | l2 l1) * P(r1 | l1 w) * P(r2 | w r1), the terms whose tokens are known.
   * `leftCtx`, `rightCtx` are the bigram slots of (l2, l1) and (r1, r2),
   * `slotLW`, `slotWR` those of (l1, w) and (w, r1): each lookup is done once.
   */
  private infill(l2: number, l1: number, r1: number, r2: number, leftCtx: number, rightCtx: number, w: number, slotLW: number, slotWR: number): number {
    let s = l1 < 0 ? this.p1(w) : l2 < 0 ? this.p2raw(l1, w, slotLW) : this.p3(leftCtx, l1, w, slotLW);
    if (r1 < 0) return s;
    s *= l1 < 0 ? this.p2raw(w, r1, slotWR) : this.p3(slotLW, w, r1, slotWR);
    if (r2 >= 0) s *= this.p3(slotWR, r1, r2, rightCtx);
    return s;
  }

  /**
   * Samples a word for a masked position from its context (ids, -1 unknown):
   * gathers candidates that the corpus shows next to the context, scores
   * them, keeps the top k and draws one with `u` at the given temperature.
   * `exclude` (the original word) is never returned; a candidate of
   * `targetClass` gets the class affinity. Returns -1 when no candidate exists.
   */
  sample(l2: number, l1: number, r1: number, r2: number, exclude: number, targetClass: number, u: number, options: SampleOptions): number {
    const k = Math.max(1, Math.min(options.topK, this.topIds.length));
    const gen = this.nextGeneration();
    const leftCtx = l1 >= 0 && l2 >= 0 ? this.bigram.find(l2, l1) : -1;
    const rightCtx = r1 >= 0 && r2 >= 0 ? this.bigram.find(r1, r2) : -1;
    const wordClass = this.a.wordClass as Uint8Array;
    const stamp = this.stamp;
    const topIds = this.topIds;
    const topScores = this.topScores;
    let filled = 0;

    // Lists of the unigram contexts hold records [word, slot, count] of the bigrams (l1, w) and
    // (w, r1), so the candidate's own bigram comes free; the others hold word ids.
    // Kind: 0 words, 1 bigrams (l1, w), 2 bigrams (w, r1).
    const lists: Array<[Uint32Array, Uint32Array, number, number]> = [];
    if (l1 >= 0) lists.push([this.fwd1Off, this.fwd1, l1, 1]);
    if (r1 >= 0) lists.push([this.bwd1Off, this.bwd1, r1, 2]);
    if (leftCtx >= 0) lists.push([this.fwd2Off, this.fwd2, leftCtx, 0]);
    if (rightCtx >= 0) lists.push([this.bwd2Off, this.bwd2, rightCtx, 0]);
    if (targetClass === WORD_CLASS.proper || targetClass === WORD_CLASS.number) lists.push([this.classTopOff, this.classTop, targetClass, 0]);

    // Stage 1: every candidate gets the cheap bigram score P(w | l1) P(r1 | w); the best
    // `shortlist` of them go on to the trigram score. Table lookups are most of the cost, and
    // they are cache misses: each stage gathers its keys first and looks them up in one batch.
    const m = Math.min(this.shortIds.length, k + SHORTLIST_EXTRA);
    const shortIds = this.shortIds;
    const shortScores = this.shortScores;
    const shortLW = this.shortLW;
    const shortWR = this.shortWR;
    const bi = this.bi;
    let listed = 0;
    for (let pass = 0; pass < 2; pass++) {
      // Second pass only when the context lists gave fewer than k candidates: frequent words.
      if (pass === 1) {
        if (listed >= k) break;
        lists.length = 0;
        lists.push([this.topOff, this.topUnigrams, 0, 0]);
      }
      let most = 0;
      for (const [off, , key] of lists) most += off[key + 1] - off[key];
      if (most > this.candW.length) this.growCandidates(most);
      const candW = this.candW;
      const candLW = this.candLW;
      const candWR = this.candWR;
      // Bigram counts of (l1, w) and (w, r1) when the list gave them, else -1 (read from the slot).
      const countLW = this.countLW;
      const countWR = this.countWR;
      let n = 0;
      for (const [off, list, key, kind] of lists) {
        for (let i = off[key], end = off[key + 1]; i < end; i++) {
          const at = kind === 0 ? i : i * UNIGRAM_LIST_STRIDE;
          const w = list[at];
          if (stamp[w] === gen || w === exclude) continue;
          stamp[w] = gen;
          candW[n] = w;
          if (kind === 1) {
            candLW[n] = list[at + 1];
            countLW[n] = list[at + 2];
          } else {
            candLW[n] = l1 >= 0 ? PENDING : -1;
            countLW[n] = -1;
          }
          if (kind === 2) {
            candWR[n] = list[at + 1];
            countWR[n] = list[at + 2];
          } else {
            candWR[n] = r1 >= 0 ? PENDING : -1;
            countWR[n] = -1;
          }
          n++;
        }
      }
      if (l1 >= 0) this.bigram.resolveFirstFixed(l1, candW, candLW, n);
      if (r1 >= 0) this.bigram.resolveSecondFixed(candW, r1, candWR, n);
      for (let c = 0; c < n; c++) {
        const w = candW[c];
        const slotLW = candLW[c];
        const slotWR = candWR[c];
        const nLW = countLW[c] >= 0 ? countLW[c] : slotLW < 0 ? 0 : bi[slotLW * BI_STRIDE + 2 + BI.count];
        const nWR = countWR[c] >= 0 ? countWR[c] : slotWR < 0 ? 0 : bi[slotWR * BI_STRIDE + 2 + BI.count];
        let s = (l1 < 0 ? this.p1(w) : this.p2counted(l1, w, nLW)) * (r1 < 0 ? 1 : this.p2counted(w, r1, nWR));
        if (targetClass > 0 && wordClass[w] === targetClass) s *= options.classAffinity;
        if (listed === m && s <= shortScores[m - 1]) continue;
        let j = listed < m ? listed++ : m - 1;
        while (j > 0 && shortScores[j - 1] < s) {
          shortScores[j] = shortScores[j - 1];
          shortIds[j] = shortIds[j - 1];
          shortLW[j] = shortLW[j - 1];
          shortWR[j] = shortWR[j - 1];
          j--;
        }
        shortScores[j] = s;
        shortIds[j] = w;
        shortLW[j] = slotLW;
        shortWR[j] = slotWR;
      }
    }

    // Stage 2: the full score; keep the k best in descending order. The trigram counts of the
    // three terms are looked up first, in batches (see infillCounted for which are needed).
    const tri1 = this.tri1;
    const tri2 = this.tri2;
    const tri3 = this.tri3;
    const term1 = l1 >= 0 && l2 >= 0 && leftCtx >= 0 && bi[leftCtx * BI_STRIDE + 2 + BI.ctxTotal] > 0;
    const term2 = l1 >= 0 && r1 >= 0;
    const term3 = r1 >= 0 && r2 >= 0;
    for (let c = 0; c < listed; c++) {
      tri1[c] = term1 ? PENDING : -1;
      const lw = shortLW[c];
      tri2[c] = term2 && lw >= 0 && bi[lw * BI_STRIDE + 2 + BI.ctxTotal] > 0 ? PENDING : -1;
      const wr = shortWR[c];
      tri3[c] = term3 && wr >= 0 && bi[wr * BI_STRIDE + 2 + BI.ctxTotal] > 0 ? PENDING : -1;
    }
    if (term1) this.trigram.resolveFirstFixed(leftCtx, shortIds, tri1, listed);
    if (term2) this.trigram.resolveSecondFixed(shortLW, r1, tri2, listed);
    if (term3) this.trigram.resolveSecondFixed(shortWR, r2, tri3, listed);
    for (let c = 0; c < listed; c++) {
      const w = shortIds[c];
      let s = this.infillCounted(l2, l1, r1, r2, leftCtx, rightCtx, w, shortLW[c], shortWR[c], tri1[c], tri2[c], tri3[c]);
      if (targetClass > 0 && wordClass[w] === targetClass) s *= options.classAffinity;
      if (filled === k && s <= topScores[k - 1]) continue;
      let j = filled < k ? filled++ : k - 1;
      while (j > 0 && topScores[j - 1] < s) {
        topScores[j] = topScores[j - 1];
        topIds[j] = topIds[j - 1];
        j--;
      }
      topScores[j] = s;
      topIds[j] = w;
    }
    if (filled === 0) return -1;

    // Temperature on the scores relative to the best, then one draw.
    const inv = 1 / Math.max(options.temperature, 1e-6);
    const best = topScores[0];
    let total = 0;
    for (let i = 0; i < filled; i++) {
      const weight = best > 0 ? Math.pow(topScores[i] / best, inv) : 1;
      topScores[i] = weight;
      total += weight;
    }
    let target = u * total;
    for (let i = 0; i < filled; i++) {
      target -= topScores[i];
      if (target < 0) return topIds[i];
    }
    return topIds[filled - 1];
  }

  private growCandidates(size: number): void {
    this.candW = new Int32Array(size);
    this.candLW = new Int32Array(size);
    this.candWR = new Int32Array(size);
    this.countLW = new Int32Array(size);
    this.countWR = new Int32Array(size);
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
