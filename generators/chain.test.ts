import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineGenerator, type CorpusView, type Edit } from '../core/types.js';
import { withLazyEdits } from '../core/edits.js';
import { checkEdits } from '../core/compose.js';
import { GauntletError } from '../core/errors.js';
import { loadChain, parseChain, runChain, type LoadedChain } from './chain.js';

const observed = readFileSync(join(__dirname, '..', '..', 'shared', 'observed', 'original.txt'), 'utf8');
const corpus: CorpusView = { documents: [{ id: 'other', text: 'Markets rose sharply on Friday. Analysts expect more gains next week.' }] };

/** The cheap generators a random chain draws its steps from. */
const STEPS = ['homoglyph', 'zero-width', 'whitespace', 'case-swap', 'misspelling', 'article-deletion', 'paragraph-insert', 'alt-spelling', 'number-shuffle', 'insert-sentence', 'flatten-whitespace', 'mojibake'];

const chains = new Map<string, LoadedChain>();
async function chainOf(spec: string): Promise<LoadedChain> {
  let chain = chains.get(spec);
  if (chain === undefined) {
    chain = await loadChain(spec);
    chains.set(spec, chain);
  }
  return chain;
}

describe('parseChain', () => {
  it('reads a+b, a:0.3+b:0.1 and a:0.3,b:0.1', () => {
    expect(parseChain('homoglyph+zero-width')).toEqual([{ generator: 'homoglyph' }, { generator: 'zero-width' }]);
    expect(parseChain('homoglyph:0.3, zero-width:0.1')).toEqual([
      { generator: 'homoglyph', intensity: 0.3 },
      { generator: 'zero-width', intensity: 0.1 },
    ]);
  });

  it('expands a preset, giving `preset:x` to its free steps', () => {
    const steps = parseChain('observed-spin:0.3');
    expect(steps.map((s) => s.generator)).toEqual(['synonym-spin', 'flatten-whitespace']);
    expect(steps[0].intensity).toBe(0.3);
    expect(steps[1].intensity).toBe(1);
    expect(parseChain('observed-spin')[0].intensity).toBeUndefined();
  });

  it('rejects empty steps and intensities outside [0, 1] with a usage error', () => {
    for (const bad of ['homoglyph+', 'homoglyph:1.5', 'homoglyph:x', 'a:0.1:0.2']) expect(() => parseChain(bad)).toThrow(GauntletError);
  });
});

describe('runChain', () => {
  it('leaves a lone step\'s edits unbuilt until read, then names their generator', () => {
    let built = 0;
    const impl = defineGenerator({
      name: 'lazy',
      description: 'test',
      family: 'utility',
      unit: 'texts',
      defaultIntensity: 1,
      generate: (text) =>
        withLazyEdits({ text: text.toUpperCase(), edits: [] as Edit[], requestedIntensity: 1, realizedIntensity: 1, eligible: 1 }, () => {
          built++;
          return [{ kind: 'case', sourceSpan: [0, text.length], outputSpan: [0, text.length], before: text, after: text.toUpperCase() }];
        }),
    });
    const result = runChain({ name: 'lazy', steps: [{ generator: 'lazy', impl }] }, 'abc', { intensity: 1, seed: '1' });
    expect(result.text).toBe('ABC');
    expect(built).toBe(0);
    expect(result.edits.map((e) => e.generator)).toEqual(['lazy']);
    expect(JSON.parse(JSON.stringify(result)).edits).toHaveLength(1);
    expect(built).toBe(1);
  });

  it('composes random chains so the edits map the original source to the final output (property)', async () => {
    // Load every step once up front; the property itself is synchronous.
    for (const name of STEPS) await chainOf(name);
    const step = fc.record({ name: fc.constantFrom(...STEPS), intensity: fc.constantFrom(0, 0.05, 0.1, 0.3, 0.5, 1) });
    const sourceText = fc.oneof(
      { weight: 1, arbitrary: fc.constant(observed) },
      { weight: 4, arbitrary: fc.array(fc.constantFrom('The ', 'a ', 'color ', 'U.S. ', '85 ', '2019. ', 'Next ', 'é', '😀', '—', '\n', '  ', 'word. ', 'Then'), { maxLength: 30 }).map((p) => p.join('')) },
    );
    const stepsByName = new Map<string, LoadedChain>();
    for (const name of STEPS) stepsByName.set(name, chains.get(name)!);
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 4 }), sourceText, fc.string({ maxLength: 4 }), (steps, text, seed) => {
        const chain: LoadedChain = {
          name: steps.map((s) => `${s.name}:${s.intensity}`).join(','),
          steps: steps.map((s) => ({ ...stepsByName.get(s.name)!.steps[0], intensity: s.intensity })),
        };
        const r = runChain(chain, text, { intensity: 0.5, seed, corpus });
        expect(checkEdits(text, r.text, r.edits)).toBeUndefined();
        // Every edit names the step (or steps) that made it, in chain order.
        const order = steps.map((s) => s.name);
        const repeated = new Set(order).size < order.length; // a repeated step has no single place in the order
        const misnamed = r.edits.filter((e) => {
          const names = (e.generator ?? '').split('+');
          if (names.some((g) => !STEPS.includes(g))) return true;
          const positions = names.map((g) => order.indexOf(g));
          return !repeated && positions.some((p, i) => i > 0 && p < positions[i - 1]);
        });
        expect(misnamed).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('runs a three-step chain from its spec, deterministically, and reports the first free step', async () => {
    const chain = await chainOf('misspelling:0.3,homoglyph:0.1,zero-width:0.05');
    const a = runChain(chain, observed, { intensity: 0.5, seed: '9' });
    expect(checkEdits(observed, a.text, a.edits)).toBeUndefined();
    expect(JSON.stringify(runChain(chain, observed, { intensity: 0.5, seed: '9' }))).toBe(JSON.stringify(a));
    // All steps fixed: the headline is the last step's (zero-width at 0.05).
    expect(a.requestedIntensity).toBe(0.05);
    const free = await chainOf('homoglyph:0.1+case-swap');
    expect(runChain(free, observed, { intensity: 0.5, seed: '9' }).requestedIntensity).toBe(0.5);
  });

  it('rejects a parameter no step declares, listing the known ones', async () => {
    await expect(loadChain('synonym-spin', { bogus: 1 })).rejects.toThrow(/unknown parameter "bogus" for synonym-spin \(known: .*mode/);
    await expect(loadChain('flatten-whitespace', { spaces: 2 }, 'suite.json: generators[0].params')).rejects.toThrow(/^suite\.json: generators\[0\]\.params: unknown parameter "spaces" for flatten-whitespace \(flatten-whitespace takes no parameters\)/);
    // A chain-wide param is fine when any step declares it.
    await expect(loadChain('whitespace+case-swap', { spaces: 2 })).resolves.toMatchObject({ name: 'whitespace+case-swap' });
  });
});
