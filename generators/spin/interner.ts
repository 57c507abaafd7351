/**
 * Dense ids for substrings of a larger text, looked up by (text, start, end,
 * hash) without slicing the substring out: a spinner's scan hashes each token
 * while it looks for the token's end, and a token seen before then costs a
 * probe and a char compare against a packed pool, with no string allocation
 * and no rehash (a Map keyed by fresh `text.slice`s pays both for every
 * token, and chases a pointer per key).
 *
 * Open addressing with linear probing at load factor <= 1/2. Hashes are
 * FNV-1a over UTF-16 code units as signed 32-bit integers (`hashRange`; a
 * scan runs the same steps inline from HASH_START). Ids run 0..size-1 in
 * insertion order, so callers keep per-id data in parallel typed arrays.
 */
export class SubstringInterner {
  /** Pairs (hash, id + 1) per slot, side by side so a probe reads one cache line; id + 1 = 0 is empty. */
  private slots = new Int32Array(2048);
  /** Hash by id (for rehashing). */
  private hashes = new Int32Array(256);
  /** Key `id` is `chars[keyStart[id] .. keyStart[id + 1])`. */
  private keyStart = new Int32Array(257);
  private chars = new Uint16Array(4096);
  private keys: string[] = [];

  /** Number of ids handed out. */
  get size(): number {
    return this.keys.length;
  }

  /** Id of `text[start, end)` (whose hashRange is `hash`), or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1] - 1;
      if (id < 0) return -1;
      if (slots[2 * slot] !== hash) continue;
      const from = this.keyStart[id];
      if (this.keyStart[id + 1] - from !== length) continue;
      const chars = this.chars;
      let j = 0;
      while (j < length && chars[from + j] === text.charCodeAt(start + j)) j++;
      if (j === length) return id;
    }
  }

  /** Makes room for `n` keys in all, so adding up to that many never rehashes. */
  reserve(n: number): void {
    let size = this.slots.length;
    while (n * 4 > size) size *= 2;
    if (size > this.slots.length) this.rehash(size);
  }

  /** Adds a key that `find` did not find; returns its id. */
  add(key: string, hash: number): number {
    const id = this.keys.length;
    if ((id + 1) * 4 > this.slots.length) this.rehash(this.slots.length * 2);
    if (id >= this.hashes.length) this.hashes = resized(this.hashes, this.hashes.length * 2);
    if (id + 2 > this.keyStart.length) this.keyStart = resized(this.keyStart, this.keyStart.length * 2);
    const from = this.keyStart[id];
    if (from + key.length > this.chars.length) this.chars = resized(this.chars, Math.max(this.chars.length * 2, from + key.length));
    for (let j = 0; j < key.length; j++) this.chars[from + j] = key.charCodeAt(j);
    this.keyStart[id + 1] = from + key.length;
    this.hashes[id] = hash;
    this.keys.push(key);
    this.place(hash, id);
    return id;
  }

  /** The key of an id. */
  key(id: number): string {
    return this.keys[id];
  }

  /** Forgets every key (ids restart at 0). */
  clear(): void {
    this.slots = new Int32Array(2048);
    this.hashes = new Int32Array(256);
    this.keyStart = new Int32Array(257);
    this.chars = new Uint16Array(4096);
    this.keys = [];
  }

  private place(hash: number, id: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let id = 0; id < this.keys.length; id++) this.place(this.hashes[id], id);
  }
}

/** FNV-1a offset basis as a signed 32-bit integer: the hash of the empty range, where an inline hash starts. */
export const HASH_START = 0x811c9dc5 | 0;

/** FNV-1a over the UTF-16 code units of `text[start, end)`, as a signed 32-bit integer. */
export function hashRange(text: string, start = 0, end = text.length): number {
  let h = HASH_START;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** A copy of a typed array in a larger one. */
export function resized<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}
