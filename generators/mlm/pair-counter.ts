/** A copy of `a` with twice its length, for counters that grow as they fill. */
export function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Distinct (uint32, uint32) pairs numbered in first-seen order, each with a
 * count: typed arrays and an open-addressing index, where a Map keyed by
 * a * 2^20 + b held a boxed number per key (some 70 MB for Brown's pairs).
 */
export class PairCounter {
  size = 0;
  private first: Uint32Array = new Uint32Array(1 << 12);
  private second: Uint32Array = new Uint32Array(1 << 12);
  private n: Uint32Array = new Uint32Array(1 << 12);
  /** Pair id + 1 by hash slot (0: empty); at most half full. */
  private slots = new Uint32Array(1 << 13);

  /** Id of (a, b), or -1. */
  find(a: number, b: number): number {
    const mask = this.slots.length - 1;
    for (let slot = pairHash(a, b) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      if (this.first[entry - 1] === a && this.second[entry - 1] === b) return entry - 1;
    }
  }

  /** Adds one sighting of (a, b). */
  count(a: number, b: number): void {
    const mask = this.slots.length - 1;
    let slot = pairHash(a, b) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      if (this.first[entry - 1] === a && this.second[entry - 1] === b) {
        this.n[entry - 1]++;
        return;
      }
    }
    const id = this.size++;
    if (id === this.first.length) {
      this.first = grow(this.first);
      this.second = grow(this.second);
      this.n = grow(this.n);
    }
    this.first[id] = a;
    this.second[id] = b;
    this.n[id] = 1;
    this.slots[slot] = id + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  /** Drops the index once counting is over; the pairs and counts stay. */
  close(): void {
    this.slots = new Uint32Array(0);
  }

  firsts(): Uint32Array {
    return this.first.subarray(0, this.size);
  }
  seconds(): Uint32Array {
    return this.second.subarray(0, this.size);
  }
  counts(): Uint32Array {
    return this.n.subarray(0, this.size);
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = pairHash(this.first[id], this.second[id]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function pairHash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}
