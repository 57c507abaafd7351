/**
 * An open-addressing hash table keyed by (uint32, uint32) pairs, stored in
 * one typed array of fixed-size records so that a built table can be
 * written to the cache and mapped back without rebuilding anything (the CLI
 * must start in well under a second), and so that one lookup touches one
 * cache line: a record is [first key + 1, second key, value 0, value 1, ...].
 * A pair's slot number is its id.
 */
export class PairTable {
  /** Records of `stride` uint32s; a first key of 0 marks an empty slot. */
  readonly data: Uint32Array;
  readonly stride: number;
  readonly mask: number;

  constructor(data: Uint32Array, stride: number) {
    const slots = data.length / stride;
    if (!Number.isInteger(slots) || (slots & (slots - 1)) !== 0) throw new RangeError('pair table capacity must be a power of two');
    this.data = data;
    this.stride = stride;
    this.mask = slots - 1;
  }

  /** An empty table with room for `size` pairs at a load factor of at most 1/2, each with `values` uint32 values. */
  static withRoomFor(size: number, values: number): PairTable {
    let capacity = 16;
    while (capacity < size * 2) capacity *= 2;
    const stride = 2 + values;
    return new PairTable(new Uint32Array(capacity * stride), stride);
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Slot of (a, b), or -1 when absent. */
  find(a: number, b: number): number {
    const ka = a + 1;
    const data = this.data;
    const stride = this.stride;
    let slot = hash(a, b) & this.mask;
    for (;;) {
      const at = slot * stride;
      const k = data[at];
      if (k === 0) return -1;
      if (k === ka && data[at + 1] === b) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Slot of (a, b), inserting the pair if absent. */
  insert(a: number, b: number): number {
    const ka = a + 1;
    let slot = hash(a, b) & this.mask;
    for (;;) {
      const at = slot * this.stride;
      const k = this.data[at];
      if (k === 0) {
        this.data[at] = ka;
        this.data[at + 1] = b;
        return slot;
      }
      if (k === ka && this.data[at + 1] === b) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Value `field` (0-based, after the keys) of a slot. */
  get(slot: number, field: number): number {
    return this.data[slot * this.stride + 2 + field];
  }

  set(slot: number, field: number, value: number): void {
    this.data[slot * this.stride + 2 + field] = value;
  }

  add(slot: number, field: number, delta: number): void {
    this.data[slot * this.stride + 2 + field] += delta;
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
