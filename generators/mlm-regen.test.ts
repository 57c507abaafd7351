import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/version.js';
import { sliceCodePoints } from '../core/text.js';
import { GauntletError } from '../core/errors.js';
import type { Params } from '../core/types.js';
import mlm from './mlm-regen.js';
import { normalizeText, pipelineTokens } from './mlm/pipeline.js';
import { checkEdits } from '../core/compose.js';

const original = readFileSync(join(packageRoot(), '..', 'shared', 'observed', 'original.txt'), 'utf8');
const run = (text: string, intensity: number, seed = '1', params?: Params) => mlm.generate(text, { intensity, seed, params });
/** The regenerated tokens: the log also holds `normalize` edits (case, spacing), which make it rebuild the output. */
const fills = (result: ReturnType<typeof run>) => result.edits.filter((e) => e.kind !== 'normalize');

/** The output split back into source positions (a glued piece shares its neighbour's word). */
function positions(result: ReturnType<typeof run>): number {
  return result.text.split(' ').length + fills(result).filter((e) => e.kind === 'wordpiece' && !e.after.startsWith('##')).length;
}

beforeAll(async () => {
  // Builds the n-gram model on a cold cache (tens of seconds), else loads it.
  await mlm.prepare!({});
  await mlm.prepare!({ order: 'ltr' });
}, 180_000);

describe('mlm-regen on the observed article', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run(original, 0.16);
  });

  it('has the observed fingerprint: lowercased, single-spaced, one token out per token in', () => {
    expect(r.text).toBe(r.text.toLowerCase());
    expect(r.text).not.toMatch(/\s\s|\n|^\s|\s$/);
    expect(positions(r)).toBe(pipelineTokens(original).length);
    // Outside the edits, the output is exactly the pipeline's normalisation, byte for byte.
    const edits = new Map(fills(r).map((e) => [e.sourceSpan[0], e]));
    let expected = '';
    for (const t of pipelineTokens(original)) {
      const e = edits.get(t.start);
      const glued = e !== undefined && e.kind === 'wordpiece' && !e.after.startsWith('##');
      expected += (expected === '' || glued ? '' : ' ') + (e ? e.after : t.text);
    }
    expect(r.text).toBe(expected);
    expect(normalizeText(original).split(' ').length).toBe(pipelineTokens(original).length);
  });

  it('regenerates about 16% of the words, each a real change', () => {
    expect(r.eligible).toBe(365);
    expect(Math.abs(r.realizedIntensity - 0.16)).toBeLessThanOrEqual(1 / r.eligible);
    for (const e of fills(r)) expect(e.after.replace(/^##/, '')).not.toBe(e.before.toLowerCase());
    expect(r.realizedIntensity).toBe(fills(r).length / r.eligible);
  });

  it('touches every observed kind somewhere across seeds: entities, numbers, polarity, function words, WordPiece debris', () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      for (const e of fills(run(original, 0.16, String(seed)))) {
        if (e.factType) kinds.add(e.factType);
        if (e.kind === 'wordpiece') kinds.add(e.after.startsWith('##') ? 'free piece' : 'glued piece');
        if (/^(the|a|of|in|to|and|is|was|were|are)$/.test(e.before.toLowerCase())) kinds.add('function word');
      }
    }
    for (const k of ['person', 'place', 'number', 'polarity', 'date', 'entity', 'function word', 'free piece', 'glued piece']) expect(kinds).toContain(k);
  });

  it('replaces a number by a number, mostly (24 -> 50 in the observed)', () => {
    let numbers = 0;
    let numeric = 0;
    for (let seed = 1; seed <= 20; seed++) {
      for (const e of fills(run(original, 0.3, String(seed)))) {
        if (e.kind !== 'mask-fill' || !/^\d+$/.test(e.before)) continue;
        numbers++;
        if (/^\d+$|^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty|hundred|thousand|million)$/.test(e.after)) numeric++;
      }
    }
    expect(numbers).toBeGreaterThan(5);
    expect(numeric / numbers).toBeGreaterThan(0.7);
  });
});

describe('mlm-regen invariants', () => {
  it('keeps the realized share within 2 points of the requested one from 0.05 to 0.5', () => {
    for (const seed of ['1', '2', '3']) {
      for (let x = 0.05; x <= 0.5001; x += 0.05) {
        const r = run(original, x, seed);
        expect(Math.abs(r.realizedIntensity - x)).toBeLessThan(0.02);
      }
    }
  });

  it('nests: the positions edited at a lower intensity are edited at a higher one', () => {
    for (const params of [{}, { order: 'ltr' }] as Params[]) {
      let previous = new Set<number>();
      for (const x of [0.05, 0.1, 0.16, 0.3, 0.5, 0.8]) {
        const now = new Set(fills(run(original, x, '7', params)).map((e) => e.sourceSpan[0]));
        for (const p of previous) expect(now.has(p)).toBe(true);
        previous = now;
      }
    }
  });

  it('gives the same bytes for the same seed and different bytes for another', () => {
    expect(JSON.stringify(run(original, 0.3, 'abc'))).toBe(JSON.stringify(run(original, 0.3, 'abc')));
    expect(run(original, 0.3, 'abc').text).not.toBe(run(original, 0.3, 'abd').text);
  });

  it('left-to-right filling differs from all-at-once on the same masks', () => {
    const all = run(original, 0.4, '3');
    const ltr = run(original, 0.4, '3', { order: 'ltr' });
    expect(fills(ltr).map((e) => e.sourceSpan[0])).toEqual(fills(all).map((e) => e.sourceSpan[0]));
    expect(ltr.text).not.toBe(all.text);
  });

  it('logs edits whose spans slice to before (source) and after (output), on any text', () => {
    const word = fc.constantFrom('The', 'talks', 'Mexico', '24', 'not', 'U.S.', "can't", 'â€”', '😀', 'naïve', ',', '"', 'Lighthizer', '\n');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(1000), (words, x, seed) => {
        const text = words.join(' ');
        const r = run(text, x, String(seed));
        for (const e of r.edits) {
          expect(sliceCodePoints(text, e.sourceSpan[0], e.sourceSpan[1])).toBe(e.before);
          expect(sliceCodePoints(r.text, e.outputSpan[0], e.outputSpan[1])).toBe(e.after);
        }
        expect(fills(r).length).toBeLessThanOrEqual(r.eligible);
        // With the normalize edits, the log rebuilds the output: mlm-regen composes in chains.
        expect(checkEdits(text, r.text, r.edits)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('handles empty and punctuation-only text', () => {
    expect(run('', 0.5)).toMatchObject({ text: '', edits: [], eligible: 0, realizedIntensity: 0 });
    const punct = run('... !!', 1);
    expect(punct).toMatchObject({ text: '. . . ! !', eligible: 0, realizedIntensity: 0 });
    expect(fills(punct)).toEqual([]);
    expect(punct.edits.every((e) => e.kind === 'normalize')).toBe(true);
  });

  it('rejects bad parameters with a usage error', () => {
    for (const params of [{ order: 'random' }, { topK: 0 }, { temperature: 'hot' }, { wordpiece: 2 }, { nope: 1 }, { corpus: 'web' }] as Params[]) {
      try {
        run(original, 0.1, '1', params);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(GauntletError);
        expect((error as GauntletError).code).toBe('USAGE');
      }
    }
  });
});
