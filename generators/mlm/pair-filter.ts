import { PENDING, type PairTable } from './pair-table.js';

/** Bits of filter per stored pair: two bits set per pair, so about 8% of absent pairs pass. */
const BITS_PER_PAIR = 8;

/**
 * A Bloom filter over the pairs of a PairTable, built from the table: most
 * of a fill's lookups ask for pairs the corpus never saw, and in the table
 * an absent pair costs a probe run through memory far from the cache,
 * while the filter is a twentieth of the table's size and answers with one
 * read. It has no false negatives, so screening lookups with it changes no
 * answer. Both bits of a pair sit in one 32-bit word (one cache line).
 */
export class PairFilter {
  private readonly words: Int32Array;
  private readonly shift: number;

  constructor(table: PairTable) {
    const { data, stride, capacity } = table;
    let pairs = 0;
    for (let slot = 0; slot < capacity; slot++) if (data[slot * stride] !== 0) pairs++;
    let log = 5;
    while (2 ** log < pairs * BITS_PER_PAIR) log++;
    this.words = new Int32Array(2 ** (log - 5));
    this.shift = 32 - (log - 5);
    for (let slot = 0; slot < capacity; slot++) {
      const ka = data[slot * stride];
      if (ka === 0) continue;
      const h = mix(ka - 1, data[slot * stride + 1]);
      this.words[this.wordOf(h)] |= bitsOf(h);
    }
  }

  /** False when (a, b) is certainly absent from the table. */
  mayHave(a: number, b: number): boolean {
    const h = mix(a, b);
    const bits = bitsOf(h);
    return (this.words[this.wordOf(h)] & bits) === bits;
  }

  /** Sets to -1 every PENDING `out[i]` whose pair (a, bs[i]) is certainly absent. */
  screenFirstFixed(a: number, bs: Int32Array, out: Int32Array, n: number): void {
    for (let i = 0; i < n; i++) if (out[i] === PENDING && !this.mayHave(a, bs[i])) out[i] = -1;
  }

  /** As screenFirstFixed for the pairs (as[i], b); a negative as[i] is absent. */
  screenSecondFixed(as: Int32Array, b: number, out: Int32Array, n: number): void {
    for (let i = 0; i < n; i++) if (out[i] === PENDING && (as[i] < 0 || !this.mayHave(as[i], b))) out[i] = -1;
  }

  private wordOf(h: number): number {
    // The top bits of the word index: multiply-shift, so the low bits stay free for bitsOf.
    return this.shift === 32 ? 0 : h >>> this.shift;
  }
}

/** Two bits of a word from the hash's low ten bits. */
function bitsOf(h: number): number {
  return (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
}

/** A 32-bit hash of (a, b), independent of the table's own (another mixing), so filter and table collide apart. */
function mix(a: number, b: number): number {
  let h = Math.imul(a, 0x27d4eb2d) ^ Math.imul(b ^ 0x165667b1, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
