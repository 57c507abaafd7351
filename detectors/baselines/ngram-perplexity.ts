import { defineDetector, type Detector, type DetectorContext, type DetectorItem, type DetectorResult } from '../../core/types.js';
import { referenceWordKeys, wordKeys } from './ngrams.js';
import { CountTable } from './count-table.js';
import { loadReferenceCache, packArrays, unpackArrays, type PackedArray } from './reference-cache.js';

/** Absolute discount of the interpolated model (Ney, Essen and Kneser 1994); 0.75 is the usual choice. */
const DISCOUNT = 0.75;
/** Words seen fewer times than this in the reference are <unk>: the model learns how often new words appear. */
const MIN_COUNT = 2;
/** Id bits per word: three ids fit exactly in a double (3 x 17 = 51 < 53). */
const ID_BITS = 17;
const ID_SPACE = 2 ** ID_BITS;
const UNK = 0;

/** Counts of a trigram model over word ids; keys pack ids exactly into numbers. */
export interface TrigramModel {
  vocab: Map<string, number>;
  unigram: Float64Array;
  tokens: number;
  bigram: CountTable;
  trigram: CountTable;
  /** Per one-word context (by id): total count and distinct continuations (for the interpolation weight). */
  context1Total: Float64Array;
  context1Types: Float64Array;
  /** Per two-word context: a = total count, b = distinct continuations. */
  context2: CountTable;
}

const key2 = (a: number, b: number) => a * ID_SPACE + b;
const key3 = (a: number, b: number, c: number) => (a * ID_SPACE + b) * ID_SPACE + c;


/** Trains the model on reference text (lowercased words, digits folded, punctuation dropped). */
export function trainTrigram(reference: DetectorContext['reference']): TrigramModel {
  const docs = referenceWordKeys(reference);
  const counts = new Map<string, number>();
  for (const keys of docs) for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  let minCount = MIN_COUNT;
  // A huge reference could overflow the id space: raise the cut until it fits.
  while ([...counts.values()].filter((n) => n >= minCount).length >= ID_SPACE - 1) minCount++;
  const vocab = new Map<string, number>();
  for (const [word, n] of counts) if (n >= minCount) vocab.set(word, vocab.size + 1);
  const size = vocab.size + 1;
  const model: TrigramModel = {
    vocab,
    unigram: new Float64Array(size),
    tokens: 0,
    bigram: new CountTable(18),
    trigram: new CountTable(20),
    context1Total: new Float64Array(size),
    context1Types: new Float64Array(size),
    context2: new CountTable(19),
  };
  const ids = new Uint32Array(Math.max(0, ...docs.map((d) => d.length)));
  for (const keys of docs) {
    for (let i = 0; i < keys.length; i++) ids[i] = vocab.get(keys[i]) ?? UNK;
    for (let i = 0; i < keys.length; i++) {
      model.unigram[ids[i]]++;
      model.tokens++;
      if (i >= 1) {
        const isNew = model.bigram.increment(key2(ids[i - 1], ids[i]));
        model.context1Total[ids[i - 1]]++;
        if (isNew) model.context1Types[ids[i - 1]]++;
      }
      if (i >= 2) {
        const isNew = model.trigram.increment(key3(ids[i - 2], ids[i - 1], ids[i]));
        model.context2.increment(key2(ids[i - 2], ids[i - 1]), isNew ? 1 : 0);
      }
    }
  }
  return model;
}

/** Layout of the cached model; bump it when TrigramModel or trainTrigram changes. */
const MODEL_FORMAT = 2;

/** trainTrigram through a disk cache keyed by the reference (a run over the same reference reads the model back). */
export function loadTrigram(reference: DetectorContext['reference'], dir?: string): TrigramModel {
  return loadReferenceCache({ name: 'ngram-perplexity-model', format: MODEL_FORMAT, build: () => trainTrigram(reference), encode: encodeModel, decode: decodeModel }, reference, dir);
}

function encodeModel(model: TrigramModel): Uint8Array {
  // Ids are given in insertion order from 1, so the words in map order are the vocabulary by id.
  return packArrays({ tokens: model.tokens, words: [...model.vocab.keys()], sizes: [model.bigram.size, model.trigram.size, model.context2.size] }, [
    model.unigram,
    model.context1Total,
    model.context1Types,
    ...model.bigram.arrays(),
    ...model.trigram.arrays(),
    ...model.context2.arrays(),
  ]);
}

function decodeModel(bytes: Buffer): TrigramModel | undefined {
  const packed = unpackArrays(bytes);
  if (!packed || packed.arrays.length !== 12) return undefined;
  const { tokens, words, sizes } = packed.header as { tokens: number; words: string[]; sizes: number[] };
  if (typeof tokens !== 'number' || !Array.isArray(words) || !Array.isArray(sizes) || sizes.length !== 3) return undefined;
  const a = packed.arrays;
  const f64 = (x: PackedArray): x is Float64Array => x instanceof Float64Array;
  const u32 = (x: PackedArray): x is Uint32Array => x instanceof Uint32Array;
  const table = (k: PackedArray, x: PackedArray, y: PackedArray, size: number) => (f64(k) && u32(x) && u32(y) ? CountTable.fromArrays(k, x, y, size) : undefined);
  const [unigram, context1Total, context1Types] = a;
  const bigram = table(a[3], a[4], a[5], sizes[0]);
  const trigram = table(a[6], a[7], a[8], sizes[1]);
  const context2 = table(a[9], a[10], a[11], sizes[2]);
  const size = words.length + 1;
  if (!f64(unigram) || !f64(context1Total) || !f64(context1Types) || !bigram || !trigram || !context2) return undefined;
  if (unigram.length !== size || context1Total.length !== size || context1Types.length !== size) return undefined;
  const vocab = new Map<string, number>();
  for (let i = 0; i < words.length; i++) vocab.set(words[i], i + 1);
  return { vocab, unigram, tokens, bigram, trigram, context1Total, context1Types, context2 };
}

/** Interpolated absolute-discounting probability of word `c` after `a b` (ids; a or b may be -1 at the start). */
export function probability(model: TrigramModel, a: number, b: number, c: number): number {
  // Add-one unigram floor: every id, <unk> included, keeps some mass.
  let p = (model.unigram[c] + 1) / (model.tokens + model.unigram.length);
  if (b >= 0 && model.context1Total[b] > 0) {
    const total = model.context1Total[b];
    p = Math.max(model.bigram.a(key2(b, c)) - DISCOUNT, 0) / total + ((DISCOUNT * model.context1Types[b]) / total) * p;
  }
  if (a >= 0 && b >= 0) {
    const ctx = model.context2.indexOf(key2(a, b));
    if (ctx !== -1) {
      const total = model.context2.countA(ctx);
      p = Math.max(model.trigram.a(key3(a, b, c)) - DISCOUNT, 0) / total + ((DISCOUNT * model.context2.countB(ctx)) / total) * p;
    }
  }
  return p;
}

/** Mean surprisal of the text's words under the model, in bits per word (log2 perplexity); 0 for a text with no words. */
export function bitsPerWord(model: TrigramModel, text: string): number {
  const keys = wordKeys(text);
  if (keys.length === 0) return 0;
  let a = -1;
  let b = -1;
  let bits = 0;
  for (const key of keys) {
    const c = model.vocab.get(key) ?? UNK;
    bits -= Math.log2(probability(model, a, b, c));
    a = b;
    b = c;
  }
  return bits / keys.length;
}

/**
 * Tamper baseline: word trigram language-model perplexity against the
 * reference corpus (interpolated absolute discounting, <unk> for words seen
 * once). Spun text swaps words for rare lemmas in contexts the model never
 * saw them in; regenerated text picks locally plausible but unusual
 * continuations. The score is log2 perplexity (bits per word).
 */
export function createNgramPerplexity(): Detector {
  let model: TrigramModel | undefined;
  return defineDetector({
    name: 'ngram-perplexity',
    version: '1.0.0',
    tasks: ['tamper'],
    description: 'Word trigram language-model perplexity (bits per word) against the clean reference corpus.',
    init(context) {
      if (context.reference.length === 0) throw new Error('ngram-perplexity needs reference text (DetectorContext.reference is empty)');
      model = loadTrigram(context.reference);
    },
    score(items: readonly DetectorItem[]): DetectorResult[] {
      const m = model;
      if (!m) throw new Error('ngram-perplexity: init() was not called');
      return items.map((item) => ({ id: item.id, score: bitsPerWord(m, item.text) }));
    },
    close() {
      // ~80 MB of count tables: a run keeps its detectors to the end, so the model is dropped here, not held through the report.
      model = undefined;
    },
  });
}

export default createNgramPerplexity();
