import { PENDING } from './pair-table.js';
import { CandidatePool, LIST_KIND } from './candidates.js';
import { PairFilter } from './pair-filter.js';
import type { KneserNey } from './kneser-ney.js';
import { WORD_CLASS } from './ngram-format.js';

/** How many candidates beyond k pass from the bigram pre-score to the trigram score. */
const SHORTLIST_EXTRA = 12;
const MAX_K = 256;
/**
 * Fills before the lookup filters are built: building them reads both
 * tables once (tens of ms), which a short text (the CLI on one article:
 * tens of fills) would pay for nothing; a long run earns it back within a
 * few thousand fills.
 */
const FILTER_AFTER_FILLS = 2000;

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

/** The model's candidate lists (CSR: offsets by key, then items). */
export interface CandidateLists {
  /** Records [w, slot, count] of the bigrams (l1, w), by l1. */
  fwd1Off: Uint32Array;
  fwd1: Uint32Array;
  /** Records [w, slot, count] of the bigrams (w, r1), by r1. */
  bwd1Off: Uint32Array;
  bwd1: Uint32Array;
  /** Words after (l2, l1), by the bigram slot. */
  fwd2Off: Uint32Array;
  fwd2: Uint32Array;
  /** Words before (r1, r2), by the bigram slot. */
  bwd2Off: Uint32Array;
  bwd2: Uint32Array;
  /** The most frequent words of each word class, by class. */
  classTopOff: Uint32Array;
  classTop: Uint32Array;
  /** The most frequent words (one list). */
  topUnigrams: Uint32Array;
}

/**
 * Draws a fill for a masked position: gathers the words the corpus shows
 * next to the context, ranks them by a cheap bigram score, scores the best
 * with the full trigram infill score, keeps the top k and draws one at the
 * temperature. Table lookups are most of the cost, and they are cache
 * misses: each stage gathers its keys first and looks them up in one batch.
 */
export class InfillSampler {
  private readonly pool: CandidatePool;
  private trigramFilter: PairFilter | undefined;
  private fills = 0;
  private readonly topOff: Uint32Array;
  private readonly topIds = new Int32Array(MAX_K);
  private readonly topScores = new Float64Array(MAX_K);
  private readonly shortIds = new Int32Array(MAX_K + SHORTLIST_EXTRA);
  private readonly shortScores = new Float64Array(MAX_K + SHORTLIST_EXTRA);
  private readonly shortLW = new Int32Array(MAX_K + SHORTLIST_EXTRA);
  private readonly shortWR = new Int32Array(MAX_K + SHORTLIST_EXTRA);
  private readonly tri1 = new Int32Array(MAX_K + SHORTLIST_EXTRA);
  private readonly tri2 = new Int32Array(MAX_K + SHORTLIST_EXTRA);
  private readonly tri3 = new Int32Array(MAX_K + SHORTLIST_EXTRA);

  constructor(
    private readonly kn: KneserNey,
    private readonly lists: CandidateLists,
    private readonly wordClass: Uint8Array,
  ) {
    this.pool = new CandidatePool(wordClass.length, kn.bigram);
    this.topOff = Uint32Array.of(0, lists.topUnigrams.length);
  }

  /**
   * A word for the position between (l2 l1) and (r1 r2) (ids, -1 unknown),
   * drawn with `u`. `exclude` (the original word) is never returned; a
   * candidate of `targetClass` gets the class affinity. -1 when no candidate exists.
   */
  sample(l2: number, l1: number, r1: number, r2: number, exclude: number, targetClass: number, u: number, options: SampleOptions): number {
    if (++this.fills === FILTER_AFTER_FILLS) {
      this.pool.bigramFilter = new PairFilter(this.kn.bigram);
      this.trigramFilter = new PairFilter(this.kn.trigram);
    }
    const k = Math.max(1, Math.min(options.topK, MAX_K));
    const kn = this.kn;
    const leftCtx = l1 >= 0 && l2 >= 0 ? kn.bigram.find(l2, l1) : -1;
    const rightCtx = r1 >= 0 && r2 >= 0 ? kn.bigram.find(r1, r2) : -1;
    const listed = this.shortlist(l1, r1, leftCtx, rightCtx, exclude, targetClass, k, options.classAffinity);
    const filled = this.topK(l2, l1, r1, r2, leftCtx, rightCtx, listed, targetClass, k, options.classAffinity);
    return filled === 0 ? -1 : this.draw(filled, u, options.temperature);
  }

  /**
   * Stage 1: every candidate gets the bigram score P(w | l1) P(r1 | w); the
   * best k + SHORTLIST_EXTRA go on, in descending order. Returns how many.
   */
  private shortlist(l1: number, r1: number, leftCtx: number, rightCtx: number, exclude: number, targetClass: number, k: number, affinity: number): number {
    const { pool, lists, kn, wordClass, shortIds, shortScores, shortLW, shortWR } = this;
    const m = Math.min(shortIds.length, k + SHORTLIST_EXTRA);
    let listed = 0;
    pool.begin(exclude);
    if (l1 >= 0) pool.addList(lists.fwd1Off, lists.fwd1, l1, LIST_KIND.afterLeft);
    if (r1 >= 0) pool.addList(lists.bwd1Off, lists.bwd1, r1, LIST_KIND.beforeRight);
    if (leftCtx >= 0) pool.addList(lists.fwd2Off, lists.fwd2, leftCtx, LIST_KIND.words);
    if (rightCtx >= 0) pool.addList(lists.bwd2Off, lists.bwd2, rightCtx, LIST_KIND.words);
    if (targetClass === WORD_CLASS.proper || targetClass === WORD_CLASS.number) pool.addList(lists.classTopOff, lists.classTop, targetClass, LIST_KIND.words);
    for (let pass = 0; pass < 2; pass++) {
      // Second pass only when the context lists gave fewer than k candidates: frequent words.
      if (pass === 1) {
        if (listed >= k) break;
        pool.addList(this.topOff, lists.topUnigrams, 0, LIST_KIND.words);
      }
      const n = pool.gather(l1, r1);
      const { words, slotLW: candLW, slotWR: candWR, countLW, countWR } = pool;
      for (let c = 0; c < n; c++) {
        const w = words[c];
        const slotLW = candLW[c];
        const slotWR = candWR[c];
        let s = l1 < 0 ? kn.p1(w) : kn.p2counted(l1, w, countLW[c] >= 0 ? countLW[c] : kn.bigramCount(slotLW));
        if (r1 >= 0) s *= kn.p2counted(w, r1, countWR[c] >= 0 ? countWR[c] : kn.bigramCount(slotWR));
        if (targetClass > 0 && wordClass[w] === targetClass) s *= affinity;
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
    return listed;
  }

  /**
   * Stage 2: the infill score of the shortlist; the k best in descending
   * order. A trigram is looked up only when it can exist: its context has a
   * continuation, and both of its bigrams were seen (the corpus counts a
   * trigram's bigrams with it, so an unseen bigram means an unseen trigram).
   */
  private topK(l2: number, l1: number, r1: number, r2: number, leftCtx: number, rightCtx: number, listed: number, targetClass: number, k: number, affinity: number): number {
    const { kn, wordClass, shortIds, shortLW, shortWR, tri1, tri2, tri3, topIds, topScores } = this;
    const term1 = l1 >= 0 && l2 >= 0 && kn.contextTotal(leftCtx) > 0;
    const term2 = l1 >= 0 && r1 >= 0;
    const term3 = r1 >= 0 && r2 >= 0;
    for (let c = 0; c < listed; c++) {
      const lw = shortLW[c];
      const wr = shortWR[c];
      tri1[c] = term1 && lw >= 0 ? PENDING : -1;
      tri2[c] = term2 && lw >= 0 && wr >= 0 && kn.contextTotal(lw) > 0 ? PENDING : -1;
      tri3[c] = term3 && wr >= 0 && kn.contextTotal(wr) > 0 ? PENDING : -1;
    }
    const filter = this.trigramFilter;
    if (term1) {
      filter?.screenFirstFixed(leftCtx, shortIds, tri1, listed);
      kn.trigram.resolveFirstFixed(leftCtx, shortIds, tri1, listed);
    }
    if (term2) {
      filter?.screenSecondFixed(shortLW, r1, tri2, listed);
      kn.trigram.resolveSecondFixed(shortLW, r1, tri2, listed);
    }
    if (term3) {
      filter?.screenSecondFixed(shortWR, r2, tri3, listed);
      kn.trigram.resolveSecondFixed(shortWR, r2, tri3, listed);
    }
    let filled = 0;
    for (let c = 0; c < listed; c++) {
      const w = shortIds[c];
      let s = kn.infill(l2, l1, r1, r2, leftCtx, rightCtx, w, shortLW[c], shortWR[c], tri1[c], tri2[c], tri3[c]);
      if (targetClass > 0 && wordClass[w] === targetClass) s *= affinity;
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
    return filled;
  }

  /** Temperature on the top scores relative to the best, then one draw with `u`. */
  private draw(filled: number, u: number, temperature: number): number {
    const { topIds, topScores } = this;
    const inv = 1 / Math.max(temperature, 1e-6);
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
}
