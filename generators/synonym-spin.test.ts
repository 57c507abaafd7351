import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import spin from './synonym-spin.js';
import { sliceCodePoints } from '../core/text.js';
import { loadWordNet } from '../core/wordnet/index.js';
import { NaiveCandidates } from './spin/naive.js';
import { WordNetLexicon } from './spin/naive-lexicon.js';
import type { Edit, GenerateResult } from '../core/types.js';

const TEXT = `MONTREAL (AP) — U.S. Trade Rep. Robert Lighthizer said Monday talks to rewrite the North American Free Trade Agreement are progressing very slowly.
"We're committed to moving forward," he said. It may lead to less regional content than we have now, fewer jobs in the United States.`;

const run = (text: string, intensity: number, seed = '7', params: Record<string, string> = {}): GenerateResult =>
  spin.generate(text, { intensity, seed, params });

function expectSpansSlice(source: string, result: GenerateResult): void {
  for (const e of result.edits) {
    expect(sliceCodePoints(source, e.sourceSpan[0], e.sourceSpan[1])).toBe(e.before);
    expect(sliceCodePoints(result.text, e.outputSpan[0], e.outputSpan[1])).toBe(e.after);
  }
}

const key = (e: Edit) => `${e.sourceSpan[0]}:${e.sourceSpan[1]}:${e.after}`;

beforeAll(async () => {
  await spin.prepare?.({ mode: 'naive' });
});

describe('synonym-spin naive (the observed spinner)', () => {
  it('gives the same bytes for the same seed and different bytes for another', () => {
    const a = run(TEXT, 0.4, '1');
    expect(run(TEXT, 0.4, '1')).toEqual(a);
    expect(run(TEXT, 0.4, '2').text).not.toBe(a.text);
  });

  it('nests across intensities: the edits at 0.2 are among those at 0.4, with the same replacement', () => {
    for (const seed of ['1', '2', '3']) {
      const low = new Set(run(TEXT, 0.2, seed).edits.map(key));
      const high = new Set(run(TEXT, 0.4, seed).edits.map(key));
      expect(low.size).toBeGreaterThan(0);
      for (const k of low) expect(high.has(k)).toBe(true);
    }
  });

  it('replaces only with lemma names of the token itself, as WordNet spells them with spaces for underscores', async () => {
    // Candidates computed from WordNet itself, not from the table the generator reads.
    const candidates = new NaiveCandidates(new WordNetLexicon(await loadWordNet()));
    const r = run(TEXT, 1);
    expect(r.edits.length).toBe(r.eligible);
    expect(r.realizedIntensity).toBe(1);
    for (const e of r.edits) {
      expect(e.kind).toBe('synonym');
      const names = Array.from(candidates.of(e.before), (id) => candidates.text(id));
      expect(names).toContain(e.after);
      expect(e.after).not.toBe(e.before);
      expect(e.after).not.toMatch(/_/);
    }
  });

  it('spins a text longer than the scan works on at once like its parts: every eligible token counted once, spans on the source', () => {
    // 1,000 copies are 47,000 tokens: three of the scan's chunks (16,384 tokens), with boundaries inside copies.
    const copies = 1000;
    const long = Array.from({ length: copies }, () => TEXT).join('\n');
    const one = run(TEXT, 1);
    const r = run(long, 1, '3');
    expect(r.eligible).toBe(copies * one.eligible);
    expect(r.edits.length).toBe(r.eligible);
    // No astral characters in TEXT: code-point spans are UTF-16 offsets (sliceCodePoints per edit would be quadratic).
    expect(long.length).toBe([...long].length);
    for (const e of r.edits) {
      expect(long.slice(e.sourceSpan[0], e.sourceSpan[1])).toBe(e.before);
      expect(r.text.slice(e.outputSpan[0], e.outputSpan[1])).toBe(e.after);
    }
  });

  it('leaves tokens with attached punctuation alone unless the whole token is a lemma', () => {
    const r = run(TEXT, 1);
    const touched = new Set(r.edits.map((e) => e.before));
    for (const t of ['talks,', 'slowly.', '"We\'re', 'forward,"', 'States.', '(AP)']) expect(touched.has(t)).toBe(false);
    expect(touched.has('U.S.')).toBe(true);
  });

  it('touches closed-class words and no whitespace', () => {
    const r = run(TEXT, 1);
    const touched = new Set(r.edits.map((e) => e.before));
    for (const t of ['he', 'in', 'may', 'are', 'a'].filter((w) => TEXT.includes(` ${w} `))) expect(touched.has(t)).toBe(true);
    expect(r.text.split('\n').length).toBe(TEXT.split('\n').length);
  });

  it('reports the realized share of eligible tokens, and touches nothing at 0', () => {
    const zero = run(TEXT, 0);
    expect(zero.text).toBe(TEXT);
    expect(zero.edits).toEqual([]);
    const r = run(TEXT, 0.3);
    expect(r.realizedIntensity).toBeCloseTo(r.edits.length / r.eligible, 12);
    expect(Math.abs(r.realizedIntensity - 0.3)).toBeLessThanOrEqual(0.5 / r.eligible + 1e-12);
  });

  it('marks pronoun, person and entity corruptions as fact edits, aliases not', () => {
    const edits = run(TEXT, 1, '4').edits;
    const byBefore = (w: string) => edits.filter((e) => e.before === w);
    expect(byBefore('he').every((e) => e.factType === 'pronoun')).toBe(true);
    expect(byBefore('Robert').every((e) => e.factType === 'person')).toBe(true);
    const mexico = spin.generate('They went to Mexico today.', { intensity: 1, seed: '1' }).edits.find((e) => e.before === 'Mexico');
    expect(mexico?.after).toBe('United Mexican States');
    expect(mexico?.factType).toBeUndefined();
    const numbers = spin.generate('It was one of ten.', { intensity: 1, seed: '5' }).edits.filter((e) => e.before === 'one');
    for (const e of numbers) expect(e.factType === undefined).toBe(e.after === '1');
  });

  it('keeps spans exact on arbitrary text (astral characters, punctuation, newlines)', () => {
    const words = ['he', 'said', 'talks,', 'U.S.', 'in', '\u{1F600}', 'café', 'a', '\n', 'may', 'Robert', 'bank', '—', '"x"', 'geese'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (ws, intensity, seed) => {
        const text = ws.join(' ');
        const r = run(text, intensity, String(seed));
        expectSpansSlice(text, r);
        expect(r.edits.length).toBeLessThanOrEqual(r.eligible);
      }),
      { numRuns: 150 },
    );
  });

  it('weights choices by senses when asked, from the same candidates', async () => {
    // Senses weighting reads WordNet itself, so it is prepared apart from the default.
    await spin.prepare?.({ mode: 'naive', weighting: 'senses' });
    const r = run(TEXT, 1, '9', { weighting: 'senses' });
    expect(r.edits.length).toBe(run(TEXT, 1, '9').edits.length);
  });

  it('rejects unknown modes and weightings', () => {
    expect(() => run(TEXT, 0.5, '1', { mode: 'wild' })).toThrow(/mode/);
    expect(() => run(TEXT, 0.5, '1', { weighting: 'zipf' })).toThrow(/weighting/);
  });
});

describe('synonym-spin careful', () => {
  const careful = { mode: 'careful' };
  beforeAll(async () => {
    await spin.prepare?.(careful);
  });
  const CAREFUL_TEXT = `${TEXT}\nThe negotiators had originally hoped to reach bigger agreements; talks are starting to move faster.`;

  it('is deterministic and nested across intensities', () => {
    const a = run(CAREFUL_TEXT, 0.5, '1', careful);
    expect(run(CAREFUL_TEXT, 0.5, '1', careful)).toEqual(a);
    const low = new Set(run(CAREFUL_TEXT, 0.25, '1', careful).edits.map(key));
    const high = new Set(a.edits.map(key));
    expect(low.size).toBeGreaterThan(0);
    for (const k of low) expect(high.has(k)).toBe(true);
    expectSpansSlice(CAREFUL_TEXT, a);
  });

  it('keeps stopwords, pronouns, names and numbers, and replaces only whole letters-only words', () => {
    const r = run(CAREFUL_TEXT, 1, '2', careful);
    expect(r.edits.length).toBeGreaterThan(5);
    const kept = ['he', 'in', 'a', 'may', 'are', 'the', 'Robert', 'Lighthizer', 'Monday', 'U.S.', 'United', 'States', 'We\'re'];
    for (const e of r.edits) {
      expect(kept).not.toContain(e.before);
      expect(e.before).toMatch(/^[A-Za-z]+$/);
      expect(e.kind).toBe('synonym');
      expect(e.factType).toBeUndefined();
    }
  });

  it('re-inflects to the token form and matches case', () => {
    const r = run('The dogs barked loudly. Cars were moving.', 1, '3', careful);
    const by = (w: string) => r.edits.find((e) => e.before === w)?.after;
    const dogs = by('dogs');
    if (dogs !== undefined) expect(dogs).toMatch(/s$/);
    const cars = by('Cars');
    if (cars !== undefined) expect(cars).toMatch(/^[A-Z].*s$/);
    const moving = by('moving');
    if (moving !== undefined) expect(moving.split(' ')[0]).toMatch(/ing$/);
    expect([dogs, cars, moving].some((x) => x !== undefined)).toBe(true);
  });

  it('first-sense choice draws only from the first sense with another lemma', async () => {
    const wn = await loadWordNet();
    const r = run('He said it twice.', 1, '1', { mode: 'careful', sense: 'first' });
    const said = r.edits.find((e) => e.before === 'said');
    const firstSense = wn.synsetsOf('say', 'v')[0].lemmas.map((l) => l.replace(/_/g, ' '));
    expect(said).toBeDefined();
    expect(firstSense.map((l) => (l === 'tell' ? 'told' : l === 'state' ? 'stated' : l))).toContain(said!.after);
  });
});
