import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusView, Edit, GenerateOptions, Generator } from '../core/types.js';
import { checkEdits } from '../core/compose.js';
import { countForIntensity } from '../core/select.js';
import { GauntletError } from '../core/errors.js';
import homoglyph from './homoglyph.js';
import zeroWidth from './zero-width.js';
import whitespace from './whitespace.js';
import caseSwap from './case-swap.js';
import misspelling from './misspelling.js';
import articleDeletion from './article-deletion.js';
import paragraphInsert from './paragraph-insert.js';
import altSpelling from './alt-spelling.js';
import numberShuffle from './number-shuffle.js';
import insertSentence from './insert-sentence.js';

/**
 * The guarantees every attack of the catalog gives, checked the same way for
 * each: exact span logs, same seed same bytes, nesting across intensities,
 * the count rule, realized intensity, and safety on any text.
 */
const ATTACKS: Generator[] = [homoglyph, zeroWidth, whitespace, caseSwap, misspelling, articleDeletion, paragraphInsert, altSpelling, numberShuffle, insertSentence];

const observed = readFileSync(join(__dirname, '..', '..', 'shared', 'observed', 'original.txt'), 'utf8');

/** A small corpus so insert-sentence never needs the Brown fallback here. */
const corpus: CorpusView = {
  documents: [
    { id: 'self', text: observed },
    { id: 'd1', text: 'The council met on Tuesday. It approved the new budget by a vote of 7 to 2. Critics called the plan "too little, too late."' },
    { id: 'd2', text: 'Rain is expected through the weekend across the region. Forecasters warned of flooding near the river.' },
  ],
};

const run = (g: Generator, text: string, options: Partial<GenerateOptions> = {}) =>
  g.generate(text, { intensity: g.defaultIntensity, seed: 's', corpus, documentId: 'self', ...options });

const key = (e: Edit) => `${e.sourceSpan.join(',')}:${e.before}->${e.after}`;

describe.each(ATTACKS.map((g) => [g.name, g] as const))('%s', (_name, g) => {
  it('logs edits whose spans slice to before/after and replay to the output, at 0, 0.1, 0.5 and 1', () => {
    for (const intensity of [0, 0.1, 0.5, 1]) {
      const r = run(g, observed, { intensity });
      expect(checkEdits(observed, r.text, r.edits)).toBeUndefined();
      expect(r.requestedIntensity).toBe(intensity);
    }
  });

  it('changes nothing at intensity 0 and every eligible unit at 1', () => {
    const none = run(g, observed, { intensity: 0 });
    expect(none.text).toBe(observed);
    expect(none.edits).toEqual([]);
    const all = run(g, observed, { intensity: 1 });
    expect(all.eligible).toBeGreaterThan(0);
    expect(all.edits.length).toBe(all.eligible);
    expect(all.realizedIntensity).toBe(1);
  });

  it('follows the count rule and reports the realized share', () => {
    for (const intensity of [0.05, 0.3, 0.77]) {
      const r = run(g, observed, { intensity });
      expect(r.edits.length).toBe(countForIntensity(r.eligible, intensity));
      expect(r.realizedIntensity).toBeCloseTo(r.edits.length / r.eligible, 12);
    }
  });

  it('gives the same bytes for the same seed and different edits for another', () => {
    const a = run(g, observed, { intensity: 0.5, seed: 'x' });
    const b = run(g, observed, { intensity: 0.5, seed: 'x' });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = run(g, observed, { intensity: 0.5, seed: 'y' });
    if (a.eligible > 3) expect(JSON.stringify(c.edits)).not.toBe(JSON.stringify(a.edits));
  });

  it('nests: the edits at a lower intensity are among those at a higher one, unchanged', () => {
    const levels = [0.1, 0.2, 0.4, 0.7, 1].map((intensity) => new Set(run(g, observed, { intensity, seed: 'n' }).edits.map(key)));
    for (let i = 1; i < levels.length; i++) for (const k of levels[i - 1]) expect(levels[i].has(k)).toBe(true);
  });

  it('is safe on any text: property over random texts, intensities and seeds', () => {
    const piece = fc.constantFrom('the', 'a', 'An', 'The', 'color', 'Color', 'analyze', 'accommodate', 'U.S.', 'Rep.', 'Mr.', '2019', '3.14', '1,000', '11', 'x', 'é', 'ß', 'İ', '😀', '𝒜', '—', '.', '!', '?', '"', '“', '’', ',', '(', ')', ' ', '  ', '\n', '\n\n', '\t', 'Word', 'WORD', 'word');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 6 }), (pieces, intensity, seed) => {
        const text = pieces.join('');
        const r = run(g, text, { intensity, seed });
        expect(checkEdits(text, r.text, r.edits)).toBeUndefined();
        expect(r.edits.length).toBe(r.eligible === 0 ? 0 : countForIntensity(r.eligible, intensity));
        for (const e of r.edits) expect(e.before).not.toBe(e.after);
      }),
      { numRuns: 150 },
    );
  });

  it('handles an empty text', () => {
    const r = run(g, '', { intensity: 1 });
    expect(r.text).toBe('');
    expect(r.edits).toEqual([]);
    expect(r.eligible).toBe(0);
    expect(r.realizedIntensity).toBe(0);
  });

  it('rejects unknown values of its parameters with a usage error', () => {
    for (const name of Object.keys(g.params ?? {})) {
      expect(() => run(g, observed, { params: { [name]: 'no-such-value' } })).toThrow(GauntletError);
    }
  });
});
