import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildIdf, createTfidfCosine, idfOf, tfidfCosine } from './tfidf-cosine.js';
import { brownDocuments, passages } from '../fixtures/brown-text.js';

const observed = (name: string) => readFileSync(new URL(`../../../shared/observed/${name}.txt`, import.meta.url), 'utf8');
const reference = brownDocuments(['learned', 'fiction']);
const idf = buildIdf(reference);
const press = passages(brownDocuments(['news']).slice(0, 6));

describe('tfidf-cosine', () => {
  it('weighs rare words above common ones', () => {
    expect(idfOf(idf, 'the')).toBeLessThan(idfOf(idf, 'legislature'));
    expect(idfOf(idf, 'zzzunseen')).toBeGreaterThan(idfOf(idf, 'legislature'));
  });

  it('is 1 for identical texts, symmetric, in [0, 1], and blind to word order', () => {
    fc.assert(
      fc.property(fc.nat(press.length - 1), fc.nat(press.length - 1), (i, j) => {
        const a = press[i];
        const b = press[j];
        const ab = tfidfCosine(idf, a, b);
        return Math.abs(tfidfCosine(idf, a, a) - 1) < 1e-9 && Math.abs(ab - tfidfCosine(idf, b, a)) < 1e-12 && ab >= 0 && ab <= 1 + 1e-12;
      }),
    );
    const shuffled = press[0].split(' ').reverse().join(' ');
    expect(tfidfCosine(idf, shuffled, press[0])).toBeCloseTo(1, 9);
  });

  it('sees the observed spin as closer to its original than other news passages are', () => {
    const original = observed('original');
    const other = Math.max(...press.map((p) => tfidfCosine(idf, p, original)));
    expect(tfidfCosine(idf, observed('synonym-spin'), original)).toBeGreaterThan(other);
  });

  it('scores through the Detector interface after init, with an error for a missing source', async () => {
    const det = createTfidfCosine();
    await det.init!({ reference });
    const results = await det.score([{ id: 'a', task: 'reuse', text: press[0], source: press[0] }, { id: 'b', task: 'reuse', text: press[0] }]);
    expect(results[0].score).toBeCloseTo(1, 9);
    expect(results[1].error).toMatch(/source/);
  });
});
