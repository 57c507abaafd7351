/** Marks an entry of a batch lookup's output that is still to be looked up. */
export const PENDING = -2;

/**
 * An open-addressing hash table keyed by (uint32, uint32) pairs, stored in
 * one typed array of fixed-size records so that a built table can be
 * written to the cache and mapped back without rebuilding anything (the CLI
 * must start in well under a second), and so that one lookup touches one
 * cache line: a record is [first key + 1, second key, value 0, value 1, ...].
 * A pair's slot number is its id.
 *
 * The capacity is any size (a hash maps to a slot by multiply-shift, not by
 * a power-of-two mask), so a table runs at a load of up to 2/3: the model's
 * tables are far larger than the CPU caches and every lookup is a miss in
 * them and in the TLB, so a smaller table is a faster one.
 */
export class PairTable {
  /** Records of `stride` uint32s; a first key of 0 marks an empty slot. */
  readonly data: Uint32Array;
  readonly stride: number;
  readonly capacity: number;
  private homes = new Int32Array(256);
  /** Keeps the first pass's loads of a batch lookup from being optimized away. */
  private touched = 0;

  constructor(data: Uint32Array, stride: number) {
    const slots = data.length / stride;
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError('pair table capacity must be a whole number of records, at least one');
    this.data = data;
    this.stride = stride;
    this.capacity = slots;
  }

  /** An empty table with room for `size` pairs at a load factor of at most 2/3, each with `values` uint32 values. */
  static withRoomFor(size: number, values: number): PairTable {
    const capacity = Math.max(16, Math.ceil((size * 3) / 2) + 1);
    const stride = 2 + values;
    return new PairTable(new Uint32Array(capacity * stride), stride);
  }

  /** Slot of (a, b), or -1 when absent. */
  find(a: number, b: number): number {
    return this.probe(a + 1, b, home(a, b, this.capacity));
  }

  /** Linear probing for (ka - 1, b) from `slot`. */
  private probe(ka: number, b: number, slot: number): number {
    const data = this.data;
    const stride = this.stride;
    for (;;) {
      const at = slot * stride;
      const k = data[at];
      if (k === 0) return -1;
      if (k === ka && data[at + 1] === b) return slot;
      if (++slot === this.capacity) slot = 0;
    }
  }

  /**
   * Batch lookups for pairs sharing their first key: `out[i] = find(a, bs[i])`
   * for every i < n whose `out[i]` is PENDING (others are kept). A model's
   * tables are far larger than the cache, so a lookup is mostly a wait for
   * memory; a probe loop ends on a branch that depends on the loaded key,
   * which keeps the CPU from starting the next lookup's load early. So a
   * first pass only computes every home slot and reads its key (loads that
   * depend on nothing, so their misses overlap), and the probing then finds
   * its lines in the cache.
   */
  resolveFirstFixed(a: number, bs: Int32Array, out: Int32Array, n: number): void {
    const homes = this.scratch(n);
    const data = this.data;
    const stride = this.stride;
    const capacity = this.capacity;
    let touched = 0;
    for (let i = 0; i < n; i++) {
      if (out[i] !== PENDING) continue;
      const slot = home(a, bs[i], capacity);
      homes[i] = slot;
      touched ^= data[slot * stride];
    }
    this.touched = touched;
    const ka = a + 1;
    for (let i = 0; i < n; i++) if (out[i] === PENDING) out[i] = this.probe(ka, bs[i], homes[i]);
  }

  /** As resolveFirstFixed for pairs (as[i], b) sharing their second key; a negative as[i] is absent. */
  resolveSecondFixed(as: Int32Array, b: number, out: Int32Array, n: number): void {
    const homes = this.scratch(n);
    const data = this.data;
    const stride = this.stride;
    const capacity = this.capacity;
    let touched = 0;
    for (let i = 0; i < n; i++) {
      if (out[i] !== PENDING) continue;
      if (as[i] < 0) {
        out[i] = -1;
        continue;
      }
      const slot = home(as[i], b, capacity);
      homes[i] = slot;
      touched ^= data[slot * stride];
    }
    this.touched = touched;
    for (let i = 0; i < n; i++) if (out[i] === PENDING) out[i] = this.probe(as[i] + 1, b, homes[i]);
  }

  /** Home slots of a batch, reused from call to call. */
  private scratch(n: number): Int32Array {
    if (this.homes.length < n) this.homes = new Int32Array(Math.max(n, this.homes.length * 2));
    return this.homes;
  }

  /** Slot of (a, b), inserting the pair if absent. */
  insert(a: number, b: number): number {
    const ka = a + 1;
    let slot = home(a, b, this.capacity);
    for (;;) {
      const at = slot * this.stride;
      const k = this.data[at];
      if (k === 0) {
        this.data[at] = ka;
        this.data[at + 1] = b;
        return slot;
      }
      if (k === ka && this.data[at + 1] === b) return slot;
      if (++slot === this.capacity) slot = 0;
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

/**
 * The first slot to probe for (a, b): the 32-bit hash scaled to the capacity
 * (Lemire's multiply-shift). The product is exact in a double up to 2^21
 * slots; beyond, it is rounded, deterministically, and still below the capacity.
 */
function home(a: number, b: number, capacity: number): number {
  return Math.floor((hash(a, b) * capacity) / 4294967296);
}

function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
