import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CorpusView, Edit, GenerateResult } from '../core/types.js';
import { sliceCodePoints } from '../core/text.js';
import { detokenize, readBrown } from '../core/brown.js';
import { packageRoot } from '../core/version.js';
import { GauntletError } from '../core/errors.js';
import factSwap, { parseKinds } from './fact-swap.js';

const observedPath = join(packageRoot(), '..', 'shared', 'observed', 'original.txt');
const observed = existsSync(observedPath)
  ? readFileSync(observedPath, 'utf8')
  : 'President Donald Trump said Monday that Canada and Mexico must raise 85 percent of parts. Lighthizer said he can\'t wait. Trump is new.';

// Paragraphs of Brown news files, detokenized as the embedded corpus does.
const passages = readBrown(['news'])
  .slice(0, 6)
  .flatMap((f) => f.paragraphs.map((p) => detokenize(p.flat().map((t) => t.word))))
  .filter((p) => p.length > 80);

const run = (text: string, intensity: number, seed = '7', params?: Record<string, string>, corpus?: CorpusView): GenerateResult =>
  factSwap.generate(text, { intensity, seed, params, corpus });

/** Every character outside the edits' source spans is the source's, in order, and spans slice to before/after. */
function expectOnlyEditsChanged(source: string, result: GenerateResult): void {
  const src = [...source];
  const out = [...result.text];
  let s = 0;
  let o = 0;
  for (const e of result.edits) {
    expect(out.slice(o, o + e.sourceSpan[0] - s).join('')).toBe(src.slice(s, e.sourceSpan[0]).join(''));
    expect(e.outputSpan[0] - o).toBe(e.sourceSpan[0] - s);
    expect(src.slice(e.sourceSpan[0], e.sourceSpan[1]).join('')).toBe(e.before);
    expect(out.slice(e.outputSpan[0], e.outputSpan[1]).join('')).toBe(e.after);
    s = e.sourceSpan[1];
    o = e.outputSpan[1];
  }
  expect(out.slice(o).join('')).toBe(src.slice(s).join(''));
}

const editKey = (e: Edit) => `${e.sourceSpan[0]}:${e.sourceSpan[1]}:${e.after}`;

describe('fact-swap on the observed article', () => {
  const result = run(observed, 0.3, '2');

  it('swaps facts of several kinds, each edit a fact-swap with its factType', () => {
    const kinds = new Set(result.edits.map((e) => e.factType));
    expect(kinds.size).toBeGreaterThanOrEqual(4);
    for (const e of result.edits) {
      expect(e.kind).toBe('fact-swap');
      expect(e.factType).toBeDefined();
      expect(e.after).not.toBe(e.before);
    }
    expect(result.realizedIntensity).toBeCloseTo(result.edits.length / result.eligible, 12);
  });

  it('leaves every character outside the edit spans as it was', () => {
    expectOnlyEditsChanged(observed, result);
  });

  it('finds the people, places, numbers and dates the article states', () => {
    const all = run(observed, 1, '2');
    const before = (type: string) => new Set(all.edits.filter((e) => e.factType === type).map((e) => e.before));
    expect(before('person')).toContain('Robert Lighthizer');
    expect(before('person')).toContain('Lighthizer');
    expect(before('place')).toContain('Mexico');
    expect(before('number')).toContain('85');
    expect(before('date')).toContain('Monday');
    // A swap never puts another form of the same name in place of a name.
    for (const e of all.edits.filter((x) => x.factType === 'person')) expect(e.after.split(' ').pop()).not.toBe(e.before.split(' ').pop());
  });
});

describe('fact-swap determinism and nesting', () => {
  it('gives the same bytes for the same seed, other bytes for another', () => {
    expect(run(observed, 0.4, 'a')).toEqual(run(observed, 0.4, 'a'));
    expect(run(observed, 0.4, 'b').text).not.toBe(run(observed, 0.4, 'a').text);
  });

  it('nests: the swaps at a lower intensity are among those at a higher one, with the same replacement', () => {
    for (const seed of ['1', '2', '3']) {
      const low = new Set(run(observed, 0.2, seed).edits.map(editKey));
      const high = new Set(run(observed, 0.5, seed).edits.map(editKey));
      for (const k of low) expect(high.has(k)).toBe(true);
    }
  });

  it('swaps at least one fact when intensity > 0 and one exists, none at 0', () => {
    expect(run('He said so.', 0.01).edits).toHaveLength(1);
    expect(run(observed, 0).edits).toHaveLength(0);
  });

  it('makes no edit in a text with no eligible fact, and says so', () => {
    const result = run('the sky and the sea', 1);
    expect(result.edits).toEqual([]);
    expect(result.text).toBe('the sky and the sea');
    expect(result.eligible).toBe(0);
    expect(result.realizedIntensity).toBe(0);
    expect(result.note).toMatch(/no eligible fact/);
  });
});

describe('fact-swap kinds', () => {
  it('swaps only the kinds asked for', () => {
    const result = run(observed, 1, '3', { kinds: 'number,pronoun' });
    expect(result.edits.length).toBeGreaterThan(0);
    for (const e of result.edits) expect(['number', 'pronoun']).toContain(e.factType);
  });

  it('rejects an unknown kind with a usage error', () => {
    expect(() => parseKinds('person,colour')).toThrow(GauntletError);
    expect([...parseKinds('entity')].sort()).toEqual(['organization', 'person', 'place']);
  });

  it('changes numbers plausibly: same layout, same magnitude, years stay years', () => {
    const text = 'It cost 85 dollars, 1.2 million people, 1,200 cars, 50 percent, a 24-year-old pact, in 2017.';
    for (const seed of ['1', '2', '3', '4', '5']) {
      const result = run(text, 1, seed, { kinds: 'number,date' });
      const byBefore = new Map(result.edits.map((e) => [e.before, e]));
      expect(byBefore.get('85')!.after).toMatch(/^\d\d$/);
      expect(byBefore.get('1.2')!.after).toMatch(/^\d\.\d$/);
      expect(byBefore.get('1,200')!.after).toMatch(/^\d,\d00$/);
      expect(byBefore.get('50')!.after).toMatch(/^\d0$/);
      expect(result.text).toMatch(/ \d\.\d million /);
      expect(result.text).toMatch(/ \d\d-year-old /);
      const year = byBefore.get('2017')!;
      expect(year.factType).toBe('date');
      expect(Math.abs(Number(year.after) - 2017)).toBeLessThanOrEqual(5);
    }
  });

  it('swaps pronouns with their case and grammar', () => {
    const result = run('He met her team. She thanked him and told her.', 1, '1', { kinds: 'pronoun' });
    expect(result.text).toBe('She met his team. He thanked her and told him.');
  });

  it('adds and removes negation on auxiliaries only', () => {
    const result = run("It doesn't work, we can't go, it is late, it is not over, we have to go, he has left.", 1, '1', { kinds: 'negation' });
    expect(result.text).toBe('It does work, we can go, it is not late, it is over, we have to go, he has not left.');
  });

  it('swaps weekdays and months for other ones', () => {
    const result = run('They met on Monday in February and may meet in May.', 1, '1', { kinds: 'date' });
    expect(result.edits.map((e) => e.before)).toEqual(['Monday', 'February', 'May']);
    expect(result.edits[0].after).toMatch(/^(Tues|Wednes|Thurs|Fri|Satur|Sun)day$/);
  });

  it('replaces adjectives and verbs by a WordNet antonym', () => {
    const result = run('The news is encouraging and prices increased.', 1, '1', { kinds: 'antonym' });
    expect(result.text).toBe('The news is discouraging and prices decreased.');
  });
});

describe('fact-swap donors', () => {
  const lone = 'The talks with Canada went on. Officials from Canada were there.';

  it('takes a replacement entity from the same document first', () => {
    const result = run('Smith met Jones in Paris. Jones praised Smith.', 1, '1', { kinds: 'person' });
    expect(result.text).toBe('Jones met Smith in Paris. Smith praised Jones.');
  });

  it('falls back to the corpus, else to a built-in list with a note', () => {
    const corpus: CorpusView = { documents: [{ id: 'd1', text: 'Leaders of Japan and Brazil met.' }] };
    const fromCorpus = run(lone, 1, '1', { kinds: 'place' }, corpus);
    for (const e of fromCorpus.edits) expect(['Japan', 'Brazil']).toContain(e.after);
    expect(fromCorpus.note).toBeUndefined();
    const builtIn = run(lone, 1, '1', { kinds: 'place' });
    expect(builtIn.edits.length).toBe(2);
    expect(builtIn.note).toMatch(/no corpus given: place donors came from a built-in list/);
  });
});

describe('fact-swap property: only the edit spans change', () => {
  it('holds over corpus passages, seeds, intensities and kinds', () => {
    const kinds = ['person', 'place', 'organization', 'number', 'date', 'pronoun', 'negation', 'antonym'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: passages.length - 1 }),
        fc.string({ minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.subarray(kinds, { minLength: 1 }),
        (p, seed, intensity, chosen) => {
          const source = passages[p];
          const result = run(source, intensity, seed, { kinds: chosen.join(',') });
          expectOnlyEditsChanged(source, result);
          for (const e of result.edits) {
            expect(chosen).toContain(e.factType);
            expect(sliceCodePoints(source, e.sourceSpan[0], e.sourceSpan[1])).toBe(e.before);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('fact-swap articles', () => {
  it('drops or adds "the" with the name that needs it', () => {
    const text = 'Trade between the United States and Mexico grew.';
    const result = run(text, 1, '1', { kinds: 'place' });
    expect(result.text).toBe('Trade between Mexico and the United States grew.');
    expectOnlyEditsChanged(text, result);
  });
});
