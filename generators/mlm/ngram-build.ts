import { brownCatalog, readBrownFile, type BrownFile } from '../../core/brown.js';
import { pipelineTokens } from './pipeline.js';
import { PairTable } from './pair-table.js';
import { PairCounter, grow } from './pair-counter.js';
import { buildCompletions } from './wordpiece.js';
import { BI, BIGRAM_VALUES, BOUNDARY, LEX_CLASS, UNIGRAM_LIST_STRIDE, WORD_CLASSES, lmKey, wordClassOfTag, type NgramArrayName, type NgramMeta } from './ngram-format.js';

/**
 * Builds the n-gram masked LM from Brown corpus files: the corpus words go
 * through the same pipeline as the text being regenerated (lowercase,
 * punctuation split), so "U.S." counts as "u . s ." in both. Run once;
 * the result is cached (see ngram-cache.ts).
 */

/** How many candidates each context list keeps (most frequent first). */
const KEEP_UNIGRAM_CONTEXT = 24;
const KEEP_BIGRAM_CONTEXT = 16;
const KEEP_TOP_UNIGRAMS = 200;
/**
 * Words seen fewer times are never offered as fills: their continuation
 * probabilities rest on one or two sightings and win the product score
 * for no reason (Brown's "af" beat "canada" before this floor).
 */
const MIN_FILL_COUNT = 3;
const KEEP_CLASS_TOP = 32;

/** Brown writes quotes as `` and '' and dashes as --. */
function brownWord(word: string): string {
  if (word === '``' || word === "''") return '"';
  if (word === '--') return '—';
  return word;
}

const WORDLIKE = /[\p{L}\p{N}]/u;
const UPPER_START = /^\p{Lu}/u;

export interface BuildInput {
  /** Read once, in order; a lazy sequence (readCorpus) lets each file go before the next is parsed. */
  files: Iterable<BrownFile>;
  categories: string[];
  corpus: string;
  /** compromise's lexicon, already reduced to word -> LEX_CLASS. */
  lexicon: Record<string, number>;
  /** WordPiece continuation pieces (without "##"). */
  pieces: string[];
  format: number;
}

/** The files of these categories in catalog order, parsed one at a time as they are asked for: the whole corpus as token objects would take over 100 MB. */
export function* readCorpus(categories: readonly string[]): Generator<BrownFile> {
  const wanted = new Set(categories);
  for (const { id, category } of brownCatalog()) if (wanted.has(category)) yield readBrownFile(id, category);
}

/** Counts and indexes; returns what the bundle stores. */
export function buildNgram(input: BuildInput): { meta: NgramMeta; arrays: Record<NgramArrayName, Uint32Array | Uint8Array> } {
  const ids = new Map<string, number>([['<s>', BOUNDARY]]);
  const vocab = ['<s>'];
  let unigram: Uint32Array = new Uint32Array(1 << 16);
  let capitalized: Uint32Array = new Uint32Array(1 << 16);
  let midSentence: Uint32Array = new Uint32Array(1 << 16);
  let classCounts: Uint32Array = new Uint32Array((1 << 16) * WORD_CLASSES);
  const idOf = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      id = vocab.length;
      ids.set(key, id);
      vocab.push(key);
      if (id >= unigram.length) {
        unigram = grow(unigram);
        capitalized = grow(capitalized);
        midSentence = grow(midSentence);
        classCounts = grow(classCounts);
      }
    }
    return id;
  };

  // Bigram types get a dense index; trigrams are keyed by (bigram index, word). Both number their
  // pairs in first-seen order, the order the tables below are filled in.
  const bigrams = new PairCounter();
  const trigrams = new PairCounter();
  let totalTokens = 0;

  for (const file of input.files) {
    const stream: number[] = [BOUNDARY, BOUNDARY];
    for (const paragraph of file.paragraphs) {
      for (const sentence of paragraph) {
        // Join the words, remembering where each starts, to give every token its word's tag.
        const starts: number[] = [];
        let joined = '';
        for (const t of sentence) {
          starts.push(joined.length);
          joined += `${brownWord(t.word)} `;
        }
        let w = 0;
        let taggedWord = -1;
        let first = true;
        for (const t of pipelineTokens(joined)) {
          while (w + 1 < starts.length && starts[w + 1] <= t.start) w++;
          const id = idOf(lmKey(t.text));
          stream.push(id);
          if (t.kind !== 'word') continue;
          // Mid-sentence capitalization tells proper nouns from sentence-initial common words.
          if (!first) {
            midSentence[id]++;
            if (UPPER_START.test(t.raw)) capitalized[id]++;
          }
          first = false;
          // The word's tag belongs to its first piece ("atlanta" of "Atlanta's"), not to "s".
          if (w !== taggedWord) {
            taggedWord = w;
            classCounts[id * WORD_CLASSES + wordClassOfTag(sentence[w].tag)]++;
          }
        }
      }
    }
    stream.push(BOUNDARY, BOUNDARY);
    for (let i = 2; i < stream.length; i++) {
      const a = stream[i - 2];
      const b = stream[i - 1];
      const c = stream[i];
      unigram[c]++;
      totalTokens++;
      bigrams.count(b, c);
      const ab = bigrams.find(a, b);
      // (a, b) was counted one step earlier, except at the stream's padded start.
      if (ab >= 0) trigrams.count(ab, c);
    }
  }

  bigrams.close();
  trigrams.close();
  const V = vocab.length;
  const nBi = bigrams.size;
  const biFirst = bigrams.firsts();
  const biSecond = bigrams.seconds();
  const biCounts = bigrams.counts();
  const bigram = PairTable.withRoomFor(nBi, BIGRAM_VALUES);
  const biSlot = new Uint32Array(nBi);
  const cap2 = bigram.capacity;
  const count = unigram.slice(0, V);
  const contTypes = new Uint32Array(V);
  const followTypes = new Uint32Array(V);
  const followTotal = new Uint32Array(V);
  const midTypes = new Uint32Array(V);
  const contFollowTypes = new Uint32Array(V);
  for (let i = 0; i < nBi; i++) {
    const a = biFirst[i];
    const b = biSecond[i];
    const slot = bigram.insert(a, b);
    biSlot[i] = slot;
    bigram.set(slot, BI.count, biCounts[i]);
    followTypes[a]++;
    followTotal[a] += biCounts[i];
    contTypes[b]++;
  }

  const nTri = trigrams.size;
  const trigram = PairTable.withRoomFor(nTri, 1);
  const triCtx = trigrams.firsts(); // bigram index of (a, b)
  const triLast = trigrams.seconds(); // c
  const triN = trigrams.counts();
  for (let t = 0; t < nTri; t++) {
    const ab = triCtx[t];
    const c = triLast[t];
    const n = triN[t];
    const slotAb = biSlot[ab];
    const tri = trigram.insert(slotAb, c);
    trigram.set(tri, 0, n);
    bigram.add(slotAb, BI.ctxTotal, n);
    bigram.add(slotAb, BI.ctxTypes, 1);
    // One more distinct left word before (b, c).
    const bcSlot = bigram.find(biSecond[ab], c);
    bigram.add(bcSlot, BI.contTypes, 1);
  }
  for (let i = 0; i < nBi; i++) {
    const n = bigram.get(biSlot[i], BI.contTypes);
    if (n > 0) {
      midTypes[biFirst[i]] += n;
      contFollowTypes[biFirst[i]]++;
    }
  }

  const wordLike = new Uint8Array(V);
  const capShare = new Uint8Array(V);
  const wordClass = new Uint8Array(V);
  for (let id = 1; id < V; id++) {
    let best = 0;
    for (let c = 1; c < WORD_CLASSES; c++) if (classCounts[id * WORD_CLASSES + c] > classCounts[id * WORD_CLASSES + best]) best = c;
    wordClass[id] = best;
    wordLike[id] = WORDLIKE.test(vocab[id]) ? 1 : 0;
    capShare[id] = midSentence[id] === 0 ? 0 : Math.round((255 * capitalized[id]) / midSentence[id]);
  }

  // Candidate lists: for each context, the words seen beside it, most frequent first.
  const fillable = wordLike.map((w, id) => (w === 1 && count[id] >= MIN_FILL_COUNT ? 1 : 0));
  // The unigram-context lists store records [word, bigram slot, bigram count] (UNIGRAM_LIST_STRIDE):
  // the candidate and its bigram with the context word come without a table lookup.
  const fwd1 = withBigrams(csr(V, nBi, (i) => biFirst[i], (i) => biSecond[i], (i) => biCounts[i], KEEP_UNIGRAM_CONTEXT, fillable, (i) => i), biSecond, biSlot, biCounts);
  const bwd1 = withBigrams(csr(V, nBi, (i) => biSecond[i], (i) => biFirst[i], (i) => biCounts[i], KEEP_UNIGRAM_CONTEXT, fillable, (i) => i), biFirst, biSlot, biCounts);
  const fwd2 = csr(cap2, nTri, (i) => biSlot[triCtx[i]], (i) => triLast[i], (i) => triN[i], KEEP_BIGRAM_CONTEXT, fillable);
  // Words w before (r1, r2): keyed by the slot of (r1, r2) = (b, c) of the trigram (w, b, c).
  const rightKey = new Uint32Array(nTri);
  for (let i = 0; i < nTri; i++) rightKey[i] = bigram.find(biSecond[triCtx[i]], triLast[i]);
  const bwd2 = csr(cap2, nTri, (i) => rightKey[i], (i) => biFirst[triCtx[i]], (i) => triN[i], KEEP_BIGRAM_CONTEXT, fillable);

  const byFrequency = Array.from({ length: V }, (_, i) => i)
    .filter((i) => wordLike[i] === 1)
    .sort((x, y) => count[y] - count[x] || x - y);
  const topUnigrams = Uint32Array.from(byFrequency.slice(0, KEEP_TOP_UNIGRAMS));
  // The most frequent fillable words of each class: a proper noun or a number rarely makes the
  // top of a context list ("states , ___ and"), yet that is what BERT would put there.
  const classTop = csr(WORD_CLASSES, byFrequency.length, (i) => wordClass[byFrequency[i]], (i) => byFrequency[i], (i) => count[byFrequency[i]], KEEP_CLASS_TOP, fillable);

  const completions = buildCompletions(input.pieces, vocab, count);

  const meta: NgramMeta = {
    format: input.format,
    pieces: input.pieces,
    corpus: input.corpus,
    categories: input.categories,
    vocab,
    lexicon: input.lexicon,
    totalTokens,
    totalBigramTypes: nBi,
    discounts: {
      bigram: discount(biCounts),
      continuation: discount(Uint32Array.from(biSlot, (s) => bigram.get(s, BI.contTypes))),
      trigram: discount(triN),
    },
  };
  return {
    meta,
    arrays: {
      unigrams: interleave([count, contTypes, followTypes, followTotal, midTypes, contFollowTypes]), capShare, wordLike, wordClass,
      bigrams: bigram.data, trigrams: trigram.data,
      fwd1Off: fwd1.offsets, fwd1: fwd1.items, bwd1Off: bwd1.offsets, bwd1: bwd1.items,
      fwd2Off: fwd2.offsets, fwd2: fwd2.items, bwd2Off: bwd2.offsets, bwd2: bwd2.items,
      topUnigrams, classTopOff: classTop.offsets, classTop: classTop.items,
      complOff: completions.offsets, complPiece: completions.piece, complWeight: completions.weight,
    },
  };
}

/** Kneser-Ney's absolute discount from counts of counts: D = n1 / (n1 + 2 n2). */
function discount(counts: ArrayLike<number>): number {
  let n1 = 0;
  let n2 = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 1) n1++;
    else if (counts[i] === 2) n2++;
  }
  return n1 + n2 === 0 ? 0.5 : Math.min(0.95, Math.max(0.05, n1 / (n1 + 2 * n2)));
}

/**
 * Compressed lists: for each key, up to `keep` items with the highest
 * weight (ties by item id), items with `allowed[item] === 1` only; `emit`
 * says what to store for an entry (the item itself by default).
 */
function csr(
  keys: number,
  n: number,
  keyOf: (i: number) => number,
  itemOf: (i: number) => number,
  weightOf: (i: number) => number,
  keep: number,
  allowed: Uint8Array,
  emit: (i: number) => number = itemOf,
): { offsets: Uint32Array; items: Uint32Array } {
  // Bucket entries by key (counting sort), then sort each bucket by weight.
  const start = new Uint32Array(keys + 1);
  for (let i = 0; i < n; i++) if (allowed[itemOf(i)] === 1) start[keyOf(i) + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const fill = start.slice(0, keys);
  const order = new Uint32Array(start[keys]);
  for (let i = 0; i < n; i++) if (allowed[itemOf(i)] === 1) order[fill[keyOf(i)]++] = i;
  const offsets = new Uint32Array(keys + 1);
  for (let k = 0; k < keys; k++) offsets[k + 1] = offsets[k] + Math.min(keep, start[k + 1] - start[k]);
  const items = new Uint32Array(offsets[keys]);
  for (let k = 0; k < keys; k++) {
    const bucket = Array.from(order.subarray(start[k], start[k + 1]));
    if (bucket.length > 1) bucket.sort((x, y) => weightOf(y) - weightOf(x) || itemOf(x) - itemOf(y));
    for (let j = 0, at = offsets[k]; at < offsets[k + 1]; j++, at++) items[at] = emit(bucket[j]);
  }
  return { offsets, items };
}

/** A list of dense bigram indices as records [candidate word, bigram slot, bigram count]; offsets count records. */
function withBigrams(list: { offsets: Uint32Array; items: Uint32Array }, word: Uint32Array, slot: Uint32Array, count: Uint32Array): { offsets: Uint32Array; items: Uint32Array } {
  const items = new Uint32Array(list.items.length * UNIGRAM_LIST_STRIDE);
  list.items.forEach((i, k) => {
    items[k * UNIGRAM_LIST_STRIDE] = word[i];
    items[k * UNIGRAM_LIST_STRIDE + 1] = slot[i];
    items[k * UNIGRAM_LIST_STRIDE + 2] = count[i];
  });
  return { offsets: list.offsets, items };
}

/** Unigram statistics as records of one word each, in UNI field order: one cache line per word. */
function interleave(fields: readonly Uint32Array[]): Uint32Array {
  const n = fields[0].length;
  const out = new Uint32Array(n * fields.length);
  for (let i = 0; i < n; i++) for (let f = 0; f < fields.length; f++) out[i * fields.length + f] = fields[f][i];
  return out;
}

/** compromise lexicon tags -> fact class; a word with several tags takes the first class listed here. */
const TAG_CLASSES: ReadonlyArray<[string, number]> = [
  ['Cardinal', LEX_CLASS.number], ['Ordinal', LEX_CLASS.number], ['TextValue', LEX_CLASS.number],
  ['Month', LEX_CLASS.date], ['WeekDay', LEX_CLASS.date], ['Date', LEX_CLASS.date], ['Holiday', LEX_CLASS.date],
  ['MaleName', LEX_CLASS.person], ['FemaleName', LEX_CLASS.person], ['FirstName', LEX_CLASS.person], ['LastName', LEX_CLASS.person], ['Person', LEX_CLASS.person],
  ['Country', LEX_CLASS.place], ['City', LEX_CLASS.place], ['Region', LEX_CLASS.place], ['Place', LEX_CLASS.place],
  ['Organization', LEX_CLASS.organization], ['SportsTeam', LEX_CLASS.organization], ['Company', LEX_CLASS.organization],
];

/** Reduces compromise's lexicon (word -> tag or tags) to single words with a fact class. */
export function reduceLexicon(lexicon: Record<string, string | string[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const word of Object.keys(lexicon).sort()) {
    if (/\s/.test(word)) continue;
    const raw = lexicon[word];
    const tags = Array.isArray(raw) ? raw : [raw];
    const hit = TAG_CLASSES.find(([tag]) => tags.includes(tag));
    if (hit) out[word] = hit[1];
  }
  return out;
}
