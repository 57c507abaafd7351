import { PENDING, type PairTable } from './pair-table.js';
import type { PairFilter } from './pair-filter.js';
import { UNIGRAM_LIST_STRIDE } from './ngram-format.js';

/**
 * What a candidate list holds: plain word ids, or records [word, bigram
 * slot, bigram count] of the bigrams (l1, w) or (w, r1) with the context
 * word, so the candidate's own bigram comes without a table lookup.
 */
export const LIST_KIND = { words: 0, afterLeft: 1, beforeRight: 2 } as const;

/**
 * The candidates of one fill: the words the context lists offer, each once,
 * never the excluded one, with the slots and counts of their bigrams (l1, w)
 * and (w, r1) (-1 when unseen or when that side is unknown). A fill gathers
 * once or more (a second time from the frequent words when the context
 * offered too few); a word gathered once in a fill is not offered again.
 */
export class CandidatePool {
  /** Candidate word ids of the last gathering, `size` of them. */
  words = new Int32Array(256);
  slotLW = new Int32Array(256);
  slotWR = new Int32Array(256);
  /** Bigram counts when a list gave them, else -1 (read them from the slot). */
  countLW = new Int32Array(256);
  countWR = new Int32Array(256);
  size = 0;

  private readonly stamp: Uint32Array;
  /** Where a word stands in `words`, valid while its stamp is the fill's. */
  private readonly position: Int32Array;
  private generation = 0;
  private exclude = -1;
  private readonly listOffsets: Uint32Array[] = [];
  private readonly listItems: Uint32Array[] = [];
  private readonly listKeys: number[] = [];
  private readonly listKinds: number[] = [];
  private lists = 0;
  /** Screens the bigram lookups once set (see InfillSampler for when). */
  bigramFilter: PairFilter | undefined;

  constructor(
    vocabSize: number,
    private readonly bigram: PairTable,
  ) {
    this.stamp = new Uint32Array(vocabSize);
    this.position = new Int32Array(vocabSize);
  }

  /** Starts a fill that must never offer `exclude`. */
  begin(exclude: number): void {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    this.exclude = exclude;
    this.lists = 0;
  }

  /** Adds the list of `key` in a CSR pair (offsets, items) to the next gathering. */
  addList(offsets: Uint32Array, items: Uint32Array, key: number, kind: number): void {
    const i = this.lists++;
    this.listOffsets[i] = offsets;
    this.listItems[i] = items;
    this.listKeys[i] = key;
    this.listKinds[i] = kind;
  }

  /**
   * Gathers the added lists' words not yet seen in this fill, then looks up
   * the bigram slots no list gave, in batches (see PairTable), past the
   * filter; `l1`, `r1` are the context words (-1 unknown). Returns the count gathered.
   */
  gather(l1: number, r1: number): number {
    let most = 0;
    for (let l = 0; l < this.lists; l++) most += this.listOffsets[l][this.listKeys[l] + 1] - this.listOffsets[l][this.listKeys[l]];
    if (most > this.words.length) this.grow(most);
    const { words, slotLW, slotWR, countLW, countWR, stamp, position, exclude } = this;
    const gen = this.generation;
    const noLW = l1 >= 0 ? PENDING : -1;
    const noWR = r1 >= 0 ? PENDING : -1;
    let n = 0;
    for (let l = 0; l < this.lists; l++) {
      const offsets = this.listOffsets[l];
      const items = this.listItems[l];
      const key = this.listKeys[l];
      const kind = this.listKinds[l];
      for (let i = offsets[key], end = offsets[key + 1]; i < end; i++) {
        const at = kind === LIST_KIND.words ? i : i * UNIGRAM_LIST_STRIDE;
        const w = items[at];
        if (w === exclude) continue;
        if (stamp[w] === gen) {
          // Seen already: a record of the other side saves that side's lookup (same slot, same count).
          const c = position[w];
          if (kind === LIST_KIND.words || c >= n || words[c] !== w) continue;
          if (kind === LIST_KIND.afterLeft && slotLW[c] === PENDING) {
            slotLW[c] = items[at + 1];
            countLW[c] = items[at + 2];
          } else if (kind === LIST_KIND.beforeRight && slotWR[c] === PENDING) {
            slotWR[c] = items[at + 1];
            countWR[c] = items[at + 2];
          }
          continue;
        }
        stamp[w] = gen;
        position[w] = n;
        words[n] = w;
        if (kind === LIST_KIND.afterLeft) {
          slotLW[n] = items[at + 1];
          countLW[n] = items[at + 2];
        } else {
          slotLW[n] = noLW;
          countLW[n] = -1;
        }
        if (kind === LIST_KIND.beforeRight) {
          slotWR[n] = items[at + 1];
          countWR[n] = items[at + 2];
        } else {
          slotWR[n] = noWR;
          countWR[n] = -1;
        }
        n++;
      }
    }
    if (l1 >= 0) {
      this.bigramFilter?.screenFirstFixed(l1, words, slotLW, n);
      this.bigram.resolveFirstFixed(l1, words, slotLW, n);
    }
    if (r1 >= 0) {
      this.bigramFilter?.screenSecondFixed(words, r1, slotWR, n);
      this.bigram.resolveSecondFixed(words, r1, slotWR, n);
    }
    this.lists = 0;
    this.size = n;
    return n;
  }

  private grow(size: number): void {
    this.words = new Int32Array(size);
    this.slotLW = new Int32Array(size);
    this.slotWR = new Int32Array(size);
    this.countLW = new Int32Array(size);
    this.countWR = new Int32Array(size);
  }
}
