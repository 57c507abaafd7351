import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import detector, { containment } from './ngram-containment.js';
import { brownDocuments, passages } from '../fixtures/brown-text.js';

const observed = (name: string) => readFileSync(new URL(`../../../shared/observed/${name}.txt`, import.meta.url), 'utf8');
const press = passages(brownDocuments(['news']).slice(0, 4));

describe('ngram-containment', () => {
  it('sees the observed spin and regeneration as derived from the original, and another passage as not', () => {
    const original = observed('original');
    const other = Math.max(...press.map((p) => containment(p, original)));
    expect(containment(observed('synonym-spin'), original)).toBeGreaterThan(other + 0.2);
    expect(containment(observed('mlm-regen-light'), original)).toBeGreaterThan(other + 0.2);
  });

  it('falls as more words are replaced (nested replacements)', () => {
    const words = press[0].split(' ');
    let last = 1.0001;
    for (const share of [0, 0.1, 0.3, 0.6]) {
      const candidate = words.map((w, i) => ((i * 7919) % 100 < share * 100 ? `zz${i}` : w)).join(' ');
      const c = containment(candidate, press[0]);
      expect(c).toBeLessThan(last);
      last = c;
    }
  });

  it('is 1 for any word-aligned excerpt of the source, and always in [0, 1]', () => {
    const words = press[1].split(' ');
    fc.assert(
      fc.property(fc.nat(words.length - 5), fc.integer({ min: 4, max: 60 }), (start, len) => {
        const excerpt = words.slice(start, start + len).join(' ');
        return containment(excerpt, press[1]) === 1;
      }),
    );
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      const c = containment(a, b);
      return c >= 0 && c <= 1;
    }));
  });

  it('records an error for an item without a source, and scores the others', async () => {
    const results = await detector.score([
      { id: 'a', task: 'reuse', text: press[0], source: press[0] },
      { id: 'b', task: 'reuse', text: press[0] },
    ]);
    expect(results[0]).toEqual({ id: 'a', score: 1 });
    expect(results[1].error).toMatch(/source/);
  });
});
