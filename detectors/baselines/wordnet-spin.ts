import { defineDetector, type Detector, type DetectorContext, type DetectorItem, type DetectorResult } from '../../core/types.js';
import { tokenize, isWordLike } from '../../core/tokenize.js';
import { loadWordNetSync, type WordNet } from '../../core/wordnet/index.js';
import { HashBits, combineHash, hashKeys, normalizeWord, referenceWordKeys } from './ngrams.js';
import { loadReferenceCache, packArrays, unpackArrays } from './reference-cache.js';

/** Longest multiword lemma tried, in words ("Henry Martyn Robert", "atomic number 49"). */
const MAX_PHRASE = 4;
/** A word seen at most this often in the reference counts as rare. */
const RARE = 1;

/** What the detector knows of clean text: word counts and which word n-grams (2..4) occur. */
export interface SpinReference {
  counts: Map<string, number>;
  phrases: HashBits;
}

function phraseHash(hashes: Uint32Array, start: number, n: number): number {
  let h = hashes[start];
  for (let k = 1; k < n; k++) h = combineHash(h, hashes[start + k]);
  return h;
}

export function buildSpinReference(reference: DetectorContext['reference']): SpinReference {
  const counts = new Map<string, number>();
  const phrases = new HashBits(PHRASE_BITS);
  for (const keys of referenceWordKeys(reference)) {
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    const hashes = hashKeys(keys);
    for (let i = 0; i < hashes.length; i++) for (let n = 2; n <= MAX_PHRASE && i + n <= hashes.length; n++) phrases.add(phraseHash(hashes, i, n));
  }
  return { counts, phrases };
}

const PHRASE_BITS = 26;
/** Layout of the cached reference; bump it when SpinReference or buildSpinReference changes. */
const REFERENCE_FORMAT = 1;

/** buildSpinReference through a disk cache keyed by the reference (a run over the same reference reads it back). */
export function loadSpinReference(reference: DetectorContext['reference'], dir?: string): SpinReference {
  return loadReferenceCache({ name: 'wordnet-spin-reference', format: REFERENCE_FORMAT, build: () => buildSpinReference(reference), encode: encodeReference, decode: decodeReference }, reference, dir);
}

function encodeReference(ref: SpinReference): Uint8Array {
  return packArrays({ words: [...ref.counts.keys()], added: ref.phrases.added }, [Uint32Array.from(ref.counts.values()), ref.phrases.words]);
}

function decodeReference(bytes: Buffer): SpinReference | undefined {
  const packed = unpackArrays(bytes);
  if (!packed) return undefined;
  const { words, added } = packed.header as { words: string[]; added: number };
  const [counts, bits] = packed.arrays;
  if (!Array.isArray(words) || !(counts instanceof Uint32Array) || counts.length !== words.length) return undefined;
  if (!(bits instanceof Uint32Array) || bits.length !== 2 ** (PHRASE_BITS - 5)) return undefined;
  const map = new Map<string, number>();
  for (let i = 0; i < words.length; i++) map.set(words[i], counts[i]);
  const phrases = new HashBits(PHRASE_BITS, bits);
  phrases.added = typeof added === 'number' ? added : 0;
  return { counts: map, phrases };
}

/** How much of a text looks spun, and why. */
export interface SpinEvidence {
  words: number;
  /** Words inside multiword WordNet lemmas that the reference never uses as a phrase ("atomic number 2"). */
  multiwordWords: number;
  /** Single words that are WordNet lemmas but rare in the reference ("tattle", "Crataegus"). */
  rareLemmaWords: number;
}

const firstWordsCache = new WeakMap<WordNet, Set<string>>();

/** First words of WordNet's multiword lemmas ("atomic" of "atomic_number_2"): a phrase is only looked up where one starts. */
export function multiwordStarts(wn: WordNet): Set<string> {
  let starts = firstWordsCache.get(wn);
  if (!starts) {
    starts = new Set();
    for (let id = 0; id < wn.lemmaCount; id++) {
      const key = wn.key(id);
      const cut = key.indexOf('_');
      if (cut > 0) starts.add(key.slice(0, cut));
    }
    firstWordsCache.set(wn, starts);
  }
  return starts;
}

/**
 * Finds multiword lemma insertions and rare lemmas. Phrases are matched
 * greedily, longest first, on word tokens as written (lowercased, joined
 * with underscores, as WordNet indexes them).
 */
export function spinEvidence(text: string, wn: WordNet, ref: SpinReference, starts = multiwordStarts(wn)): SpinEvidence {
  const tokens = tokenize(text, 'words').filter((t) => isWordLike(t.text));
  const lowers = tokens.map((t) => t.text.toLowerCase());
  const keys = tokens.map((t) => normalizeWord(t.text));
  const hashes = hashKeys(keys);
  const evidence: SpinEvidence = { words: tokens.length, multiwordWords: 0, rareLemmaWords: 0 };
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    if (starts.has(lowers[i])) {
      const longest = Math.min(MAX_PHRASE, tokens.length - i);
      const phrases = [lowers[i]];
      for (let n = 2; n <= longest; n++) phrases.push(`${phrases[n - 2]}_${lowers[i + n - 1]}`);
      for (let n = longest; n >= 2; n--) {
        if (wn.keyId(phrases[n - 1]) >= 0 && !ref.phrases.has(phraseHash(hashes, i, n))) {
          matched = n;
          break;
        }
      }
    }
    if (matched > 0) {
      evidence.multiwordWords += matched;
      i += matched;
      continue;
    }
    if (keys[i].length > 2 && (ref.counts.get(keys[i]) ?? 0) <= RARE && wn.keyId(lowers[i]) >= 0) evidence.rareLemmaWords++;
    i++;
  }
  return evidence;
}

export function spinScore(e: SpinEvidence): number {
  return e.words === 0 ? 0 : (e.multiwordWords + e.rareLemmaWords) / e.words;
}

/**
 * Tamper baseline for naive WordNet spinning: the share of the text's words
 * that sit in multiword WordNet lemmas the reference corpus never uses as a
 * phrase ("he" -> "atomic number 2", "in" -> "Hoosier State"), or that are
 * WordNet lemmas seen at most once in the reference ("talks" -> "tattle").
 * Clean text uses common phrases and words; a spinner draws lemma names from
 * any synset, most of them rare.
 */
export function createWordNetSpin(): Detector {
  let state: { wn: WordNet; ref: SpinReference } | undefined;
  return defineDetector({
    name: 'wordnet-spin',
    version: '1.0.0',
    tasks: ['tamper'],
    description: 'Share of words in multiword WordNet lemmas unseen as phrases, or in WordNet lemmas rare in the reference corpus.',
    init(context) {
      if (context.reference.length === 0) throw new Error('wordnet-spin needs reference text (DetectorContext.reference is empty)');
      state = { wn: loadWordNetSync(), ref: loadSpinReference(context.reference) };
    },
    score(items: readonly DetectorItem[]): DetectorResult[] {
      const s = state;
      if (!s) throw new Error('wordnet-spin: init() was not called');
      return items.map((item) => ({ id: item.id, score: spinScore(spinEvidence(item.text, s.wn, s.ref)) }));
    },
    close() {
      // The reference's word counts and phrase bits: dropped when the run is done with this detector.
      state = undefined;
    },
  });
}

export default createWordNetSpin();
