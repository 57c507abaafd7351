/**
 * An open-addressing hash set of (uint32, uint32) pairs, stored in typed
 * arrays so a built table can be written to the cache and mapped back
 * without rebuilding anything (the CLI must start in well under a second).
 * A pair's slot number is its id: parallel arrays hold the values.
 */
export class PairTable {
  /** First key + 1 per slot (0 marks an empty slot). */
  readonly keyA: Uint32Array;
  readonly keyB: Uint32Array;
  readonly mask: number;

  constructor(keyA: Uint32Array, keyB: Uint32Array) {
    if (keyA.length !== keyB.length || (keyA.length & (keyA.length - 1)) !== 0) throw new RangeError('pair table capacity must be a power of two');
    this.keyA = keyA;
    this.keyB = keyB;
    this.mask = keyA.length - 1;
  }

  /** An empty table with room for `size` pairs at a load factor of at most 1/2. */
  static withRoomFor(size: number): PairTable {
    let capacity = 16;
    while (capacity < size * 2) capacity *= 2;
    return new PairTable(new Uint32Array(capacity), new Uint32Array(capacity));
  }

  get capacity(): number {
    return this.keyA.length;
  }

  /** Slot of (a, b), or -1 when absent. */
  find(a: number, b: number): number {
    const ka = a + 1;
    let slot = hash(a, b) & this.mask;
    for (;;) {
      const k = this.keyA[slot];
      if (k === 0) return -1;
      if (k === ka && this.keyB[slot] === b) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Slot of (a, b), inserting the pair if absent. */
  insert(a: number, b: number): number {
    const ka = a + 1;
    let slot = hash(a, b) & this.mask;
    for (;;) {
      const k = this.keyA[slot];
      if (k === 0) {
        this.keyA[slot] = ka;
        this.keyB[slot] = b;
        return slot;
      }
      if (k === ka && this.keyB[slot] === b) return slot;
      slot = (slot + 1) & this.mask;
    }
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
