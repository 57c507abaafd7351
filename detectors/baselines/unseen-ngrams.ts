import { join } from 'node:path';
import { defineDetector, type Detector, type DetectorContext, type DetectorItem, type DetectorResult } from '../../core/types.js';
import { loadOrBuildCache } from '../../core/cache-file.js';
import { sha256 } from '../../core/io.js';
import { cacheDir } from '../../core/version.js';
import { HashBits, combineHash, forEachCharGram, hashKeys, normalizeChars, referenceWordKeys, wordKeys } from './ngrams.js';

/** Character n-gram length: long enough to be rare, short enough to be seen in a million words. */
export const CHAR_N = 5;
/** Word n-gram length. */
export const WORD_N = 2;

/** What init() builds from the reference corpus. */
export interface UnseenIndex {
  chars: HashBits;
  words: HashBits;
  /**
   * Unseen shares of clean held-out reference text, so the two components
   * of the score are put on one scale (a clean text scores about 1).
   */
  baseline: { chars: number; words: number };
}

function addText(index: Pick<UnseenIndex, 'chars' | 'words'>, text: string, keys: readonly string[]): void {
  forEachCharGram(normalizeChars(text), CHAR_N, (h) => index.chars.add(h));
  const hashes = hashKeys(keys);
  for (let i = 0; i + WORD_N <= hashes.length; i++) index.words.add(combineHash(hashes[i], hashes[i + 1]));
}

/**
 * Builds the index of character 5-grams and word bigrams of clean reference
 * text. Every tenth document is first held out to measure how much clean
 * text the index has not seen, then added, so no reference text is wasted.
 */
export function buildUnseenIndex(reference: DetectorContext['reference']): UnseenIndex {
  const index: UnseenIndex = { chars: new HashBits(CHAR_BITS), words: new HashBits(WORD_BITS), baseline: { chars: 1, words: 1 } };
  const keys = referenceWordKeys(reference);
  const heldOut = reference.length >= 10 ? reference.filter((_, i) => i % 10 === 5) : [];
  for (const [i, doc] of reference.entries()) if (heldOut.length === 0 || i % 10 !== 5) addText(index, doc.text, keys[i]);
  if (heldOut.length > 0) {
    let chars = 0;
    let words = 0;
    for (const doc of heldOut) {
      const s = unseenShares(index, doc.text);
      chars += s.chars;
      words += s.words;
    }
    // A floor keeps a tiny, repetitive reference from dividing by ~0.
    index.baseline = { chars: Math.max(chars / heldOut.length, 1e-3), words: Math.max(words / heldOut.length, 1e-3) };
    for (const [i, doc] of reference.entries()) if (i % 10 === 5) addText(index, doc.text, keys[i]);
  }
  return index;
}

const CHAR_BITS = 26;
const WORD_BITS = 25;
/** Layout of the cache file; bump it when the index or its build changes. */
const INDEX_FORMAT = 1;
const CACHE_PREFIX = 'unseen-ngrams-';

/**
 * The index for this reference, from the cache when one was built from the
 * same texts (3-4 s saved per run), else built and cached. Keyed by a hash
 * of the reference texts and ids, the n-gram sizes and INDEX_FORMAT, so
 * the cached index equals a fresh build bit for bit.
 */
export function loadUnseenIndex(reference: DetectorContext['reference'], dir = join(cacheDir(), 'detectors')): UnseenIndex {
  const content = sha256(reference.map((d) => `${d.id}\u0000${d.text}`).join('\u0001')).slice(0, 16);
  return loadOrBuildCache({
    path: join(dir, `${CACHE_PREFIX}f${INDEX_FORMAT}-c${CHAR_N}w${WORD_N}-${content}.bin`),
    stalePrefix: CACHE_PREFIX,
    read: decodeIndex,
    build: () => encodeIndex(buildUnseenIndex(reference)),
  });
}

/** File layout: [baseline.chars, baseline.words] as float64, then the char bit words, then the word bit words. */
function encodeIndex(index: UnseenIndex): Uint8Array {
  const chars = index.chars.words;
  const words = index.words.words;
  const out = new Uint8Array(16 + chars.byteLength + words.byteLength);
  new Float64Array(out.buffer, 0, 2).set([index.baseline.chars, index.baseline.words]);
  new Uint32Array(out.buffer, 16, chars.length).set(chars);
  new Uint32Array(out.buffer, 16 + chars.byteLength, words.length).set(words);
  return out;
}

function decodeIndex(bytes: Buffer): UnseenIndex | undefined {
  const charWords = 2 ** (CHAR_BITS - 5);
  const wordWords = 2 ** (WORD_BITS - 5);
  if (bytes.byteLength !== 16 + 4 * (charWords + wordWords)) return undefined;
  // Copied into an aligned buffer of its own: a Buffer's offset into its pool need not be a multiple of 8.
  const own = new Uint8Array(bytes).buffer;
  const [chars, words] = new Float64Array(own, 0, 2);
  return {
    chars: new HashBits(CHAR_BITS, new Uint32Array(own, 16, charWords)),
    words: new HashBits(WORD_BITS, new Uint32Array(own, 16 + 4 * charWords, wordWords)),
    baseline: { chars, words },
  };
}

/** Shares of the text's character 5-grams and word bigrams absent from the index. */
export function unseenShares(index: Pick<UnseenIndex, 'chars' | 'words'>, text: string): { chars: number; words: number; charGrams: number; wordGrams: number } {
  let charGrams = 0;
  let charUnseen = 0;
  forEachCharGram(normalizeChars(text), CHAR_N, (h) => {
    charGrams++;
    if (!index.chars.has(h)) charUnseen++;
  });
  const hashes = hashKeys(wordKeys(text));
  let wordGrams = 0;
  let wordUnseen = 0;
  for (let i = 0; i + WORD_N <= hashes.length; i++) {
    wordGrams++;
    if (!index.words.has(combineHash(hashes[i], hashes[i + 1]))) wordUnseen++;
  }
  return {
    chars: charGrams === 0 ? 0 : charUnseen / charGrams,
    words: wordGrams === 0 ? 0 : wordUnseen / wordGrams,
    charGrams,
    wordGrams,
  };
}

/**
 * The score: the mean of the two unseen shares, each divided by its rate on
 * clean held-out reference text. A text with no n-gram at all offers no
 * evidence and scores 0.
 */
export function unseenScore(index: UnseenIndex, text: string): number {
  const s = unseenShares(index, text);
  return (s.chars / index.baseline.chars + s.words / index.baseline.words) / 2;
}

/**
 * Tamper baseline: how much of the text a clean reference corpus has never
 * seen. Spinners insert rare lemma names ("atomic number 2") and unidiomatic
 * word pairs; lowercasing rewriters break the case of character n-grams;
 * mojibake makes character sequences no English text has. Two shares are
 * measured, of character 5-grams (case kept, whitespace and digits folded)
 * and of word bigrams (lowercased), each scaled by its rate on held-out
 * clean reference text; the score is their mean. It never sees labels; the
 * reference is clean text that is not the evaluated passages.
 */
export function createUnseenNgrams(): Detector {
  let index: UnseenIndex | undefined;
  return defineDetector({
    name: 'unseen-ngrams',
    version: '1.0.0',
    tasks: ['tamper'],
    description: 'Share of character 5-grams and word bigrams of the text never seen in a clean reference corpus.',
    init(context) {
      if (context.reference.length === 0) throw new Error('unseen-ngrams needs reference text (DetectorContext.reference is empty)');
      index = loadUnseenIndex(context.reference);
    },
    score(items: readonly DetectorItem[]): DetectorResult[] {
      const built = index;
      if (!built) throw new Error('unseen-ngrams: init() was not called');
      return items.map((item) => {
        return { id: item.id, score: unseenScore(built, item.text) };
      });
    },
    close() {
      // The index is 12 MB of bits: a run keeps its detectors to the end, so it is dropped here, not held through the report.
      index = undefined;
    },
  });
}

export default createUnseenNgrams();
