import { defineDetector, type Detector, type DetectorContext, type DetectorItem, type DetectorResult } from '../../core/types.js';
import { referenceWordKeys, wordKeys } from './ngrams.js';
import { loadReferenceCache, packArrays, unpackArrays } from './reference-cache.js';

/** Inverse document frequencies learnt from reference text. */
export interface Idf {
  documents: number;
  df: Map<string, number>;
}

export function buildIdf(reference: DetectorContext['reference']): Idf {
  const df = new Map<string, number>();
  for (const keys of referenceWordKeys(reference)) for (const key of new Set(keys)) df.set(key, (df.get(key) ?? 0) + 1);
  return { documents: reference.length, df };
}

/** Layout of the cached document frequencies; bump it when Idf or buildIdf changes. */
const IDF_FORMAT = 1;

/** buildIdf through a disk cache keyed by the reference (a run over the same reference reads it back). */
export function loadIdf(reference: DetectorContext['reference'], dir?: string): Idf {
  return loadReferenceCache({ name: 'tfidf-cosine-idf', format: IDF_FORMAT, build: () => buildIdf(reference), encode: encodeIdf, decode: decodeIdf }, reference, dir);
}

function encodeIdf(idf: Idf): Uint8Array {
  return packArrays({ documents: idf.documents, words: [...idf.df.keys()] }, [Uint32Array.from(idf.df.values())]);
}

function decodeIdf(bytes: Buffer): Idf | undefined {
  const packed = unpackArrays(bytes);
  if (!packed) return undefined;
  const { documents, words } = packed.header as { documents: number; words: string[] };
  const [counts] = packed.arrays;
  if (typeof documents !== 'number' || !Array.isArray(words) || counts?.length !== words.length) return undefined;
  const df = new Map<string, number>();
  for (let i = 0; i < words.length; i++) df.set(words[i], counts[i]);
  return { documents, df };
}

/** Smoothed idf, as scikit-learn's TfidfVectorizer: ln((1 + N) / (1 + df)) + 1; unseen words weigh most. */
export function idfOf(idf: Idf, key: string): number {
  return Math.log((1 + idf.documents) / (1 + (idf.df.get(key) ?? 0))) + 1;
}

function vector(idf: Idf, text: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const key of wordKeys(text)) tf.set(key, (tf.get(key) ?? 0) + 1);
  for (const [key, count] of tf) tf.set(key, (1 + Math.log(count)) * idfOf(idf, key));
  return tf;
}

/** Cosine of the sublinear TF-IDF vectors of two texts; 0 when either has no words. */
export function tfidfCosine(idf: Idf, a: string, b: string): number {
  const va = vector(idf, a);
  const vb = vector(idf, b);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, x] of va) {
    na += x * x;
    const y = vb.get(k);
    if (y !== undefined) dot += x * y;
  }
  for (const y of vb.values()) nb += y * y;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Reuse baseline: cosine of sublinear TF-IDF word vectors (idf from the
 * reference corpus). Word order blind, so it forgives reordering and
 * shuffles, but it is exactly the similarity the suite uses to pick hard
 * negatives (the topically nearest passages): expect it to struggle there,
 * which is the point of having it.
 */
export function createTfidfCosine(): Detector {
  let idf: Idf = { documents: 0, df: new Map() };
  return defineDetector({
    name: 'tfidf-cosine',
    version: '1.0.0',
    tasks: ['reuse'],
    description: 'Cosine of sublinear TF-IDF word vectors of candidate and source (idf from the reference corpus).',
    init(context) {
      idf = loadIdf(context.reference);
    },
    score(items: readonly DetectorItem[]): DetectorResult[] {
      return items.map((item) =>
        item.source === undefined ? { id: item.id, error: `tfidf-cosine needs a source (task ${item.task})` } : { id: item.id, score: tfidfCosine(idf, item.text, item.source) },
      );
    },
    close() {
      // The reference's document frequencies: dropped when the run is done with this detector.
      idf = { documents: 0, df: new Map() };
    },
  });
}

export default createTfidfCosine();
