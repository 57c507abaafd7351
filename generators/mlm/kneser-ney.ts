import type { PairTable } from './pair-table.js';
import { BI, BIGRAM_VALUES, type NgramMeta } from './ngram-format.js';

/** Fields of a unigram record: C(w), N1+(. w), N1+(w .), C(w .), N1+(. w .), #{c : N1+(. w c) > 0}. */
const UNI = { count: 0, contTypes: 1, followTypes: 2, followTotal: 3, midTypes: 4, contFollowTypes: 5 } as const;
const UNI_STRIDE = 6;
const BI_STRIDE = 2 + BIGRAM_VALUES;

/**
 * Interpolated Kneser-Ney probabilities over the model's count tables, and
 * the infilling score built from them:
 *
 *   score(w) = P(w | l2 l1) * P(r1 | l1 w) * P(r2 | w r1)
 *
 * which is P(sentence with w) up to a factor that does not depend on w. A
 * context token that is unknown (masked, out of vocabulary, past the edge)
 * shortens the context; a right-hand term whose tokens are unknown is left
 * out. Bigrams are passed by their slot in the bigram table (-1 unseen), so
 * a caller that looked one up (or read it from a candidate list) pays once.
 */
export class KneserNey {
  readonly bigram: PairTable;
  readonly trigram: PairTable;
  private readonly uni: Uint32Array;
  private readonly bi: Uint32Array;
  private readonly tri: Uint32Array;
  private readonly totalTokens: number;
  private readonly totalBigramTypes: number;
  private readonly d2: number;
  private readonly d2c: number;
  private readonly d3: number;

  constructor(meta: NgramMeta, unigrams: Uint32Array, bigram: PairTable, trigram: PairTable) {
    this.uni = unigrams;
    this.bigram = bigram;
    this.trigram = trigram;
    this.bi = bigram.data;
    this.tri = trigram.data;
    this.totalTokens = meta.totalTokens;
    this.totalBigramTypes = meta.totalBigramTypes;
    this.d2 = meta.discounts.bigram;
    this.d2c = meta.discounts.continuation;
    this.d3 = meta.discounts.trigram;
  }

  /** C(w) (0 for unknown). */
  count(w: number): number {
    return w < 0 ? 0 : this.uni[w * UNI_STRIDE + UNI.count];
  }

  /** C(b c) of a bigram slot (0 when unseen). */
  bigramCount(slot: number): number {
    return slot < 0 ? 0 : this.bi[slot * BI_STRIDE + 2 + BI.count];
  }

  /** C(b c .) of a bigram slot: whether any trigram continues it (0 when unseen). */
  contextTotal(slot: number): number {
    return slot < 0 ? 0 : this.bi[slot * BI_STRIDE + 2 + BI.ctxTotal];
  }

  p1(c: number): number {
    return this.uni[c * UNI_STRIDE + UNI.count] / this.totalTokens;
  }

  private p1cont(c: number): number {
    return Math.max(this.uni[c * UNI_STRIDE + UNI.contTypes], 0.5) / this.totalBigramTypes;
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
    return this.p2counted(b, c, this.bigramCount(slot));
  }

  /** p2raw given the bigram's count `n` = C(b c). */
  p2counted(b: number, c: number, n: number): number {
    const u = b * UNI_STRIDE;
    const total = this.uni[u + UNI.followTotal];
    if (total === 0) return this.p1(c);
    return (Math.max(n - this.d2, 0) + this.d2 * this.uni[u + UNI.followTypes] * this.p1cont(c)) / total;
  }

  /** Trigram P(c | a b) given the slots of (a, b) and (b, c) and of the trigram (-1 when unseen or not needed because the context total is 0). */
  private p3(ctx: number, b: number, c: number, slotBC: number, tri: number): number {
    const at = ctx * BI_STRIDE + 2;
    const total = ctx < 0 ? 0 : this.bi[at + BI.ctxTotal];
    if (total === 0) return this.p2raw(b, c, slotBC);
    const n = tri < 0 ? 0 : this.tri[tri * 3 + 2];
    return (Math.max(n - this.d3, 0) + this.d3 * this.bi[at + BI.ctxTypes] * this.p2cont(b, c, slotBC)) / total;
  }

  /**
   * Infilling score of w between (l2 l1) and (r1 r2), ids or -1, the terms
   * whose tokens are known. `leftCtx`, `rightCtx` are the bigram slots of
   * (l2, l1) and (r1, r2), `slotLW`, `slotWR` those of (l1, w) and (w, r1),
   * `tri1..3` the trigram slots of (l2 l1 w), (l1 w r1), (w r1 r2).
   */
  infill(l2: number, l1: number, r1: number, r2: number, leftCtx: number, rightCtx: number, w: number, slotLW: number, slotWR: number, tri1: number, tri2: number, tri3: number): number {
    let s = l1 < 0 ? this.p1(w) : l2 < 0 ? this.p2raw(l1, w, slotLW) : this.p3(leftCtx, l1, w, slotLW, tri1);
    if (r1 < 0) return s;
    s *= l1 < 0 ? this.p2raw(w, r1, slotWR) : this.p3(slotLW, w, r1, slotWR, tri2);
    if (r2 >= 0) s *= this.p3(slotWR, r1, r2, rightCtx, tri3);
    return s;
  }

  /** P(c | a b) with a, b possibly unknown (-1): the context shortens to what is known. */
  conditional(a: number, b: number, c: number): number {
    if (b < 0) return this.p1(c);
    const slotBC = this.bigram.find(b, c);
    if (a < 0) return this.p2raw(b, c, slotBC);
    const ctx = this.bigram.find(a, b);
    const tri = ctx < 0 || this.contextTotal(ctx) === 0 ? -1 : this.trigram.find(ctx, c);
    return this.p3(ctx, b, c, slotBC, tri);
  }
}
