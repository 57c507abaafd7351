import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import detector, { fingerprints, winnowContainment, K, W } from './winnowing.js';
import { bertBasic, brownDocuments, passages } from '../fixtures/brown-text.js';

const observed = (name: string) => readFileSync(new URL(`../../../shared/observed/${name}.txt`, import.meta.url), 'utf8');
const press = passages(brownDocuments(['news']).slice(0, 6));

describe('winnowing', () => {
  it('guarantees a shared fingerprint for any shared run of W + K - 1 normalised characters', () => {
    const letters = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz '.split('')), minLength: 0, maxLength: 80 });
    const shared = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), minLength: W + K - 1, maxLength: 40 });
    fc.assert(
      fc.property(letters, letters, letters, letters, shared, (a, b, c, d, s) => {
        const x = fingerprints(`${a} ${s} ${b}`);
        const y = fingerprints(`${c} ${s} ${d}`);
        return [...x].some((h) => y.has(h));
      }),
      { numRuns: 300 },
    );
  });

  it('ignores case, spacing and punctuation: a BERT-style rewrite of a passage fully matches it', () => {
    for (const p of press) expect(winnowContainment(bertBasic(p), p)).toBe(1);
  });

  it('sees the observed spin and regeneration as derived from the original, and other passages as not', () => {
    const original = observed('original');
    const other = Math.max(...press.map((p) => winnowContainment(p, original)));
    expect(winnowContainment(observed('synonym-spin'), original)).toBeGreaterThan(other + 0.2);
    expect(winnowContainment(observed('mlm-regen-light'), original)).toBeGreaterThan(other + 0.2);
  });

  it('scores each item in [0, 1] and records an error when the source is missing', async () => {
    const results = await detector.score([
      { id: 'a', task: 'reuse', text: press[0], source: press[1] },
      { id: 'b', task: 'reuse', text: 'short' , source: 'short' },
      { id: 'c', task: 'reuse', text: '' , source: press[0] },
      { id: 'd', task: 'reuse', text: press[0] },
    ]);
    expect(results[0].score).toBeGreaterThanOrEqual(0);
    expect(results[0].score).toBeLessThan(0.2);
    expect(results[1].score).toBe(1);
    expect(results[2].score).toBe(0);
    expect(results[3].error).toMatch(/source/);
  });
});
