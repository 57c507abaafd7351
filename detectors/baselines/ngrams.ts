import { tokenize, isWordLike } from '../../core/tokenize.js';

/**
 * Shared pieces of the n-gram baselines: one word normalisation, one hash,
 * one compact set of hashes. Every baseline cuts text with core/tokenize.ts
 * so that all of them see the same words.
 */

/**
 * A word as the baselines compare it: lowercased, digits folded to `0`
 * (numbers are too sparse to count as evidence), and inner punctuation
 * dropped so "U.S" and "u . s ." meet half way.
 */
export function normalizeWord(token: string): string {
  // Fast path: most tokens are plain ASCII letters, which only need lowercasing.
  let plain = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) {
      plain = false;
      break;
    }
  }
  if (plain && token.length > 0) return token.toLowerCase();
  const lower = token.toLowerCase();
  if (PLAIN_WORD.test(lower)) return lower;
  return lower.replace(/\p{N}/gu, '0').replace(/[^\p{L}\p{N}\p{M}]/gu, '');
}
const PLAIN_WORD = /^[a-z]+$/;

/**
 * Word keys of recently seen texts: a run scores the same text with several
 * baselines, and a reuse source with every candidate cut from it, so a
 * text is tokenised once. Bounded, and cleared whole when full, so it never
 * holds more than a batch's worth of texts.
 */
const recentKeys = new Map<string, readonly string[]>();
const RECENT_MAX = 4096;

/** The normalised word-like tokens of a text, in order (punctuation dropped). Shared: do not modify the array. */
export function wordKeys(text: string): readonly string[] {
  let keys = recentKeys.get(text);
  if (keys === undefined) {
    keys = computeWordKeys(text);
    if (recentKeys.size >= RECENT_MAX) recentKeys.clear();
    recentKeys.set(text, keys);
  }
  return keys;
}

function computeWordKeys(text: string): string[] {
  const keys: string[] = [];
  for (const t of tokenize(text, 'words')) {
    // The tokenizer yields punctuation one character at a time.
    if (t.text.length === 1 && !isWordLike(t.text)) continue;
    const key = normalizeWord(t.text);
    if (key !== '') keys.push(key);
  }
  return keys;
}

const referenceCache = new WeakMap<readonly { text: string }[], string[][]>();

/**
 * Word keys of every reference document, computed once per reference array
 * however many baselines index it (the runner hands them all the same array).
 */
export function referenceWordKeys(reference: readonly { text: string }[]): string[][] {
  let keys = referenceCache.get(reference);
  if (!keys) {
    keys = reference.map((doc) => computeWordKeys(doc.text));
    referenceCache.set(reference, keys);
  }
  return keys;
}

/** FNV-1a over UTF-16 units, 32 bits; `from`/`to` hash a slice without copying it. */
export function hashString(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: spreads every input bit over the whole hash. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines two 32-bit hashes order-sensitively (murmur3's finaliser on a mix). */
export function combineHash(a: number, b: number): number {
  return fmix32((Math.imul(a, 0x9e3779b1) ^ b) >>> 0);
}

/** Hash of the word n-gram `keys[i..i+n)`. */
export function ngramHash(keyHashes: Uint32Array, i: number, n: number): number {
  let h = keyHashes[i];
  for (let k = 1; k < n; k++) h = combineHash(h, keyHashes[i + k]);
  return h;
}

/** Hashes of every word key, computed once per text. */
export function hashKeys(keys: readonly string[]): Uint32Array {
  const out = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = hashString(keys[i]);
  return out;
}

/**
 * A set of 32-bit hashes as a bit array: a one-hash Bloom filter. With
 * 2^26 bits (8 MB) and a million members, about 1.5% of absent keys read as
 * present, which only makes a baseline slightly more lenient. Far smaller
 * and faster to build than a Set of a million strings.
 */
export class HashBits {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  /** Members added (counting repeats), for diagnostics. */
  added = 0;

  constructor(log2Bits = 26, bits?: Uint32Array) {
    if (bits && bits.length !== 2 ** (log2Bits - 5)) throw new Error(`HashBits: ${bits.length} words for 2^${log2Bits} bits`);
    this.bits = bits ?? new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  /** The bit words (what a cache file stores; `new HashBits(log2Bits, words)` reads them back). */
  get words(): Uint32Array {
    return this.bits;
  }

  add(hash: number): void {
    const b = (hash & this.mask) >>> 0;
    this.bits[b >>> 5] |= 1 << (b & 31);
    this.added++;
  }

  has(hash: number): boolean {
    const b = (hash & this.mask) >>> 0;
    return (this.bits[b >>> 5] & (1 << (b & 31))) !== 0;
  }
}

/**
 * Text as the character n-gram baselines see it: whitespace runs folded to
 * one space (line wrapping is not evidence) and digits folded to `0`. Case
 * and punctuation stay: they are what a lowercasing rewriter destroys.
 */
export function normalizeChars(text: string): string {
  return text.replace(/\s+/gu, ' ').replace(/\p{N}/gu, '0').trim();
}

/** Calls `visit` with the hash of every character n-gram (UTF-16 units) of normalised text. */
export function forEachCharGram(normalized: string, n: number, visit: (hash: number) => void): void {
  for (let i = 0; i + n <= normalized.length; i++) visit(hashString(normalized, i, i + n));
}
