import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrownFile } from '../../core/brown.js';
import { buildNgram } from './ngram-build.js';
import { NgramModel } from './ngram-model.js';
import { BIGRAM_VALUES, WORD_CLASS, wordClassOfTag } from './ngram-format.js';
import { readBundle, writeBundle } from './bundle.js';
import { PENDING, PairTable } from './pair-table.js';
import { PieceChooser } from './wordpiece.js';

/** A small corpus in Brown's shape: enough repetition for every smoothing branch. */
function corpus(): BrownFile[] {
  const sentences = [
    'The talks in Mexico were progressing slowly .',
    'The talks in Canada were slow .',
    'Robert said the talks were not progressing .',
    'John said 24 jobs moved to Mexico .',
    'Some real headway was made in Canada .',
    'The vague idea was made here .',
    'The vagueness of the idea was made clear .',
  ];
  const tag = (w: string) => (/^\d+$/.test(w) ? 'cd' : /^[A-Z]/.test(w) && w !== 'The' && w !== 'Some' ? 'np' : w === '.' ? '.' : 'nn');
  return [0, 1, 2].map((f) => ({
    id: `x${f}`,
    category: 'news',
    paragraphs: [sentences.map((s) => s.split(' ').map((word) => ({ word, tag: tag(word) })))],
  }));
}

const built = buildNgram({ files: corpus(), categories: ['news'], corpus: 'test', lexicon: {}, pieces: ['ness', 'ing', 'xyz'], format: 0 });
const model = new NgramModel(built.meta, new Map(Object.entries(built.arrays)));
const V = model.vocab.length;
const id = (w: string) => model.id(w);
const sampling = { topK: 5, temperature: 1, classAffinity: 1 };

const scratch = mkdtempSync(join(tmpdir(), 'mlm-ngram-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Kneser-Ney n-gram model', () => {
  it('gives a probability distribution over the vocabulary for any context, seen or not', () => {
    const contexts: Array<[number, number]> = [
      [id('the'), id('talks')],
      [id('talks'), id('in')],
      [id('idea'), id('talks')], // unseen context bigram
      [-1, id('said')], // bigram only
      [-1, -1], // unigram
      [id('made'), id('here')],
    ];
    for (const [a, b] of contexts) {
      let total = 0;
      for (let c = 0; c < V; c++) total += model.conditional(a, b, c);
      expect(total).toBeCloseTo(1, 6);
    }
  });

  it('prefers what the corpus saw: "talks" after "the", "were" after "talks"', () => {
    expect(model.conditional(-1, id('the'), id('talks'))).toBeGreaterThan(model.conditional(-1, id('the'), id('mexico')));
    expect(model.conditional(id('the'), id('talks'), id('were'))).toBeGreaterThan(model.conditional(id('the'), id('talks'), id('slowly')));
  });

  it('samples a word-like candidate, never the excluded one, the same for the same draw', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.constantFrom('the', 'in', 'were', 'said'), (u, left) => {
        const exclude = id('canada');
        const w = model.sample(-1, id(left), id('were'), -1, exclude, 0, u, sampling);
        expect(w).not.toBe(exclude);
        expect(model.isWordLike(w)).toBe(true);
        expect(model.sample(-1, id(left), id('were'), -1, exclude, 0, u, sampling)).toBe(w);
      }),
    );
  });

  it('with a class affinity, fills a proper noun where a proper noun stood', () => {
    const names = new Set(['mexico', 'canada', 'robert', 'john']);
    let hits = 0;
    for (let u = 0.01; u < 1; u += 0.05) {
      const w = model.sample(id('talks'), id('in'), id('were'), -1, id('mexico'), WORD_CLASS.proper, u, { ...sampling, classAffinity: 1000 });
      if (names.has(model.vocab[w])) hits++;
    }
    expect(hits).toBeGreaterThanOrEqual(18);
  });

  it('maps Brown tags to coarse classes', () => {
    expect(wordClassOfTag('np$-tl')).toBe(WORD_CLASS.proper);
    expect(wordClassOfTag('pps+bez')).toBe(WORD_CLASS.pronoun);
    expect(wordClassOfTag('cd')).toBe(WORD_CLASS.number);
    expect(wordClassOfTag('--')).toBe(WORD_CLASS.other);
  });

  it('completes a word with a WordPiece the corpus knows ("vague" + "ness")', () => {
    const chooser = new PieceChooser(built.meta.pieces, model.completions());
    expect(chooser.pick(id('vague'), 0.5)).toBe('ness');
    expect(chooser.pick(-1, 0.5, 'ing')).not.toBe('ing');
  });

  it('round-trips through the cache bundle unchanged', () => {
    const path = join(scratch, 'model.bin');
    writeBundle(path, built.meta, built.arrays);
    const { meta, arrays } = readBundle(path);
    const again = new NgramModel(meta as typeof built.meta, arrays);
    for (let c = 0; c < V; c++) expect(again.conditional(id('the'), id('talks'), c)).toBe(model.conditional(id('the'), id('talks'), c));
  });
});

describe('n-gram tables', () => {
  it("hold the bigrams of every trigram (the sampler skips a trigram lookup when one of its bigrams is unseen)", () => {
    const bigrams = new PairTable(built.arrays.bigrams as Uint32Array, 2 + BIGRAM_VALUES);
    const trigrams = new PairTable(built.arrays.trigrams as Uint32Array, 3);
    let seen = 0;
    for (let slot = 0; slot < trigrams.capacity; slot++) {
      const ab = trigrams.data[slot * 3] - 1;
      if (ab < 0) continue;
      seen++;
      const b = bigrams.data[ab * bigrams.stride + 1];
      expect(bigrams.data[ab * bigrams.stride]).toBeGreaterThan(0);
      expect(bigrams.find(b, trigrams.data[slot * 3 + 1])).toBeGreaterThanOrEqual(0);
    }
    expect(seen).toBeGreaterThan(20);
  });
});

describe('PairTable', () => {
  it('finds exactly the pairs inserted', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.nat(5000), fc.nat(5000)), { selector: ([a, b]) => `${a},${b}`, maxLength: 300 }), (pairs) => {
        const table = PairTable.withRoomFor(pairs.length, 1);
        pairs.forEach(([a, b], i) => table.set(table.insert(a, b), 0, i));
        pairs.forEach(([a, b], i) => expect(table.get(table.find(a, b), 0)).toBe(i));
        expect(table.find(5001, 0)).toBe(-1);
      }),
    );
  });

  it('answers a batch lookup as find does, pair by pair, and keeps the entries that are not pending', () => {
    const key = fc.nat(300);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, key), { maxLength: 200 }), fc.array(fc.tuple(key, key, fc.boolean()), { maxLength: 300 }), key, (stored, asked, fixed) => {
        const table = PairTable.withRoomFor(stored.length, 1);
        for (const [a, b] of stored) table.insert(a, b);
        const keys = Int32Array.from(asked, ([a]) => a);
        const pending = () => Int32Array.from(asked, ([, , p]) => (p ? PENDING : 7));
        const first = pending();
        table.resolveFirstFixed(fixed, keys, first, asked.length);
        const second = pending();
        const firstKeys = Int32Array.from(asked, ([a, b]) => (b % 5 === 0 ? -1 : a));
        table.resolveSecondFixed(firstKeys, fixed, second, asked.length);
        asked.forEach(([a, , p], i) => {
          expect(first[i]).toBe(p ? table.find(fixed, a) : 7);
          expect(second[i]).toBe(p ? (firstKeys[i] < 0 ? -1 : table.find(a, fixed)) : 7);
        });
      }),
    );
  });
});
