import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sliceCodePoints } from '../../core/text.js';
import detector, { factDiff } from './consistency.js';

const source = 'Trade Rep. Robert Lighthizer said Monday that talks are progressing. He said 85 percent of parts must come from Mexico.\nThe pact is old.';

const spanTexts = (candidate: string) => factDiff(source, candidate).factSpans.map(([a, b]) => sliceCodePoints(candidate, a, b));

describe('fact-diff', () => {
  it('flags swapped names, numbers, dates and pronouns where they sit in the candidate', () => {
    const candidate = 'Trade Rep. Donald Trump said Friday that talks are progressing. She said 80 percent of parts must come from Canada.\nThe pact is old.';
    expect(spanTexts(candidate)).toEqual(['Donald Trump', 'Friday', 'She', '80', 'Canada']);
  });

  it('flags added and dropped negation', () => {
    expect(spanTexts(source.replace('are progressing', 'are not progressing'))).toEqual(['not']);
    // A dropped "not" points at the word before it.
    const negated = source.replace('is old', 'is not old');
    expect(factDiff(negated, source).factSpans.map(([a, b]) => sliceCodePoints(source, a, b))).toEqual(['is']);
  });

  it('does not flag fact-preserving rewrites: synonyms, whitespace, lowercased BERT-style tokens', () => {
    expect(factDiff(source, source.replace('talks are progressing', 'negotiations are advancing')).factHunks).toEqual([]);
    expect(factDiff(source, source.replace(/\s+/g, ' ')).hunks).toEqual([]);
    const bertStyle = source.toLowerCase().replace(/([.,'])/g, ' $1 ').replace(/\s+/g, ' ');
    expect(factDiff(source, bertStyle).hunks).toEqual([]);
    expect(factDiff("We can't go to the U.S.", "we can ' t go to the u . s .").hunks).toEqual([]);
  });

  it('misses antonyms, as documented', () => {
    expect(factDiff(source, source.replace('old', 'new')).factHunks).toEqual([]);
    expect(factDiff(source, source.replace('old', 'new')).hunks).toHaveLength(1);
  });

  it('scores by task: fact stretches for consistency, every stretch for spans', async () => {
    const candidate = source.replace('Monday', 'Friday').replace('progressing', 'advancing');
    const [c, s] = await detector.score([
      { id: 'c', task: 'consistency', text: candidate, source },
      { id: 's', task: 'spans', text: candidate, source },
    ]);
    expect(c).toMatchObject({ id: 'c', score: 1, label: 1 });
    expect(s).toMatchObject({ id: 's', score: 2, label: 1 });
    const [e] = await detector.score([{ id: 'x', task: 'consistency', text: candidate }]);
    expect(e.error).toMatch(/needs a source/);
  });

  it('finds nothing in an identical copy and returns spans inside the candidate for any edit', () => {
    expect(factDiff(source, source).hunks).toEqual([]);
    const words = source.split(' ');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(words.length - 1), fc.constantFrom('Paris', '42', 'she', 'not', 'blue', '')), { maxLength: 6 }), (changes) => {
        const w = [...words];
        for (const [at, by] of changes) w[at] = by;
        const candidate = w.join(' ');
        const diff = factDiff(source, candidate);
        for (const [a, b] of diff.allSpans) {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual([...candidate].length);
          expect(b).toBeGreaterThan(a);
        }
        if (candidate === source) expect(diff.hunks).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
