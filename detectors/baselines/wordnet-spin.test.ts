import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildSpinReference, createWordNetSpin, spinEvidence, spinScore } from './wordnet-spin.js';
import { loadWordNetSync } from '../../core/wordnet/index.js';
import { brownDocuments, passages } from '../fixtures/brown-text.js';

const observed = (name: string) => readFileSync(new URL(`../../../shared/observed/${name}.txt`, import.meta.url), 'utf8');
const reference = brownDocuments(['learned', 'lore', 'fiction', 'government']);
const ref = buildSpinReference(reference);
const wn = loadWordNetSync();
const press = passages(brownDocuments(['news']).slice(0, 8));
const score = (text: string) => spinScore(spinEvidence(text, wn, ref));

describe('wordnet-spin', () => {
  it('scores the observed naive spin above the original and above clean news passages', () => {
    const spin = score(observed('synonym-spin'));
    expect(spin).toBeGreaterThan(2 * score(observed('original')));
    expect(spin).toBeGreaterThan(Math.max(...press.map(score)));
  });

  it('finds the multiword lemma insertions the spinner made', () => {
    const e = spinEvidence('Yesterday atomic number 2 said the Hoosier State talks would go on.', wn, ref);
    expect(e.multiwordWords).toBe(5);
  });

  it('does not count phrases the reference uses', () => {
    expect(spinEvidence('He said the United States would act.', wn, ref).multiwordWords).toBe(0);
  });

  it('answers every item through the Detector interface, and needs its reference', async () => {
    const det = createWordNetSpin();
    await expect(async () => det.init!({ reference: [] })).rejects.toThrow(/reference/);
    await det.init!({ reference: reference.slice(0, 20) });
    const results = await det.score([{ id: 'a', task: 'tamper', text: '' }, { id: 'b', task: 'tamper', text: observed('synonym-spin') }]);
    expect(results[0]).toEqual({ id: 'a', score: 0 });
    expect(results[1].score).toBeGreaterThan(0.05);
  });
});
