import { combineHash } from './ngrams.js';

const TWO_32 = 4294967296;

/**
 * A hash table from non-negative integer keys below 2^53 to counts, on
 * typed arrays with linear probing. A JavaScript Map boxes every key above
 * 2^31 (the n-gram ids packed into one number), which made training and
 * scoring the n-gram model many times slower; this allocates nothing per
 * lookup. Each slot carries two counters (`a`, `b`) for callers that need a
 * pair (a context's total and its distinct continuations).
 */
export class CountTable {
  private keys: Float64Array;
  private countsA: Uint32Array;
  private countsB: Uint32Array;
  private mask: number;
  /** Distinct keys stored. */
  size = 0;

  constructor(log2Capacity = 16) {
    const capacity = 2 ** log2Capacity;
    this.keys = new Float64Array(capacity).fill(-1);
    this.countsA = new Uint32Array(capacity);
    this.countsB = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  private static hash(key: number): number {
    const lo = key % TWO_32;
    return combineHash((key - lo) / TWO_32, lo);
  }

  /** Slot of `key`, or -1 when absent; read it with countA/countB. */
  indexOf(key: number): number {
    let i = CountTable.hash(key) & this.mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key) return i;
      if (k === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds 1 to counter a (and `addB` to counter b), inserting the key if absent; returns true when it was new. */
  increment(key: number, addB = 0): boolean {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    let i = CountTable.hash(key) & this.mask;
    let isNew = false;
    for (;;) {
      const k = this.keys[i];
      if (k === key) break;
      if (k === -1) {
        this.keys[i] = key;
        this.size++;
        isNew = true;
        break;
      }
      i = (i + 1) & this.mask;
    }
    this.countsA[i]++;
    this.countsB[i] += addB;
    return isNew;
  }

  /** Counter a of `key` (0 when absent). */
  a(key: number): number {
    const i = this.indexOf(key);
    return i === -1 ? 0 : this.countsA[i];
  }

  countA(index: number): number {
    return this.countsA[index];
  }

  countB(index: number): number {
    return this.countsB[index];
  }

  /** The table's storage (keys, counter a, counter b), for a cache file; `CountTable.fromArrays` reads it back with `size`. */
  arrays(): [Float64Array, Uint32Array, Uint32Array] {
    return [this.keys, this.countsA, this.countsB];
  }

  /** A table over stored arrays (as `arrays()` gave them); undefined when they do not form one. */
  static fromArrays(keys: Float64Array, countsA: Uint32Array, countsB: Uint32Array, size: number): CountTable | undefined {
    const capacity = keys.length;
    if (capacity === 0 || (capacity & (capacity - 1)) !== 0 || countsA.length !== capacity || countsB.length !== capacity) return undefined;
    const table = new CountTable(0);
    table.keys = keys;
    table.countsA = countsA;
    table.countsB = countsB;
    table.mask = capacity - 1;
    table.size = size;
    return table;
  }

  private grow(): void {
    const { keys, countsA, countsB } = this;
    const capacity = keys.length * 2;
    this.keys = new Float64Array(capacity).fill(-1);
    this.countsA = new Uint32Array(capacity);
    this.countsB = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] === -1) continue;
      let i = CountTable.hash(keys[j]) & this.mask;
      while (this.keys[i] !== -1) i = (i + 1) & this.mask;
      this.keys[i] = keys[j];
      this.countsA[i] = countsA[j];
      this.countsB[i] = countsB[j];
    }
  }
}
