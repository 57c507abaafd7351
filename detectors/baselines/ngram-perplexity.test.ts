import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitsPerWord, createNgramPerplexity, probability, trainTrigram } from './ngram-perplexity.js';
import { brownDocuments, passages } from '../fixtures/brown-text.js';

const reference = brownDocuments(['learned', 'lore', 'fiction']);
const model = trainTrigram(reference);
const press = passages(brownDocuments(['news']).slice(0, 6));

describe('ngram-perplexity', () => {
  it('is a proper distribution: for any context, probabilities over the vocabulary sum to 1', () => {
    const ids = model.unigram.length;
    fc.assert(
      fc.property(fc.integer({ min: -1, max: ids - 1 }), fc.integer({ min: -1, max: ids - 1 }), (a, b) => {
        let total = 0;
        for (let c = 0; c < ids; c++) total += probability(model, b < 0 ? -1 : a, b, c);
        return Math.abs(total - 1) < 1e-6;
      }),
      { numRuns: 40 },
    );
    // A context the reference really has, so the trigram level is exercised.
    const [a, b] = ['of', 'the'].map((w) => model.vocab.get(w)!);
    let total = 0;
    for (let c = 0; c < ids; c++) total += probability(model, a, b, c);
    expect(total).toBeCloseTo(1, 6);
  });

  it('finds word salad and rare-word substitutions more surprising than the clean passage', () => {
    const rare = [...model.vocab.entries()].filter(([w]) => model.unigram[model.vocab.get(w)!] === 2).map(([w]) => w);
    for (const p of press) {
      const words = p.split(' ');
      const shuffled = [...words].reverse().join(' ');
      const spun = words.map((w, i) => (i % 5 === 0 ? rare[i % rare.length] : w)).join(' ');
      expect(bitsPerWord(model, shuffled)).toBeGreaterThan(bitsPerWord(model, p));
      expect(bitsPerWord(model, spun)).toBeGreaterThan(bitsPerWord(model, p));
    }
  });

  it('scores through the Detector interface, finite for any text, and needs its reference', async () => {
    const det = createNgramPerplexity();
    expect(() => det.score([{ id: 'a', task: 'tamper', text: 'x' }])).toThrow(/init/);
    await expect(async () => det.init!({ reference: [] })).rejects.toThrow(/reference/);
    await det.init!({ reference: reference.slice(0, 10) });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const [r] = det.score([{ id: 'x', task: 'tamper', text }]) as { score?: number }[];
        return Number.isFinite(r.score) && r.score! >= 0;
      }),
      { numRuns: 100 },
    );
  });

  it('drops its model on close (a run keeps its detectors to the end), and scores the same after a new init', async () => {
    const det = createNgramPerplexity();
    const items = [{ id: 'a', task: 'tamper' as const, text: press[0] }];
    await det.init!({ reference: reference.slice(0, 10) });
    const before = det.score(items);
    await det.close!();
    expect(() => det.score(items)).toThrow(/init/);
    await det.init!({ reference: reference.slice(0, 10) });
    expect(det.score(items)).toEqual(before);
  });
});
