import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { casingFeatures, casingScore, createWordPieceCasing, loadBertWords } from './wordpiece-casing.js';
import { referenceWordKeys } from './ngrams.js';
import { loadWordNetSync } from '../../core/wordnet/index.js';
import { bertBasic, brownDocuments, passages } from '../fixtures/brown-text.js';

const observed = (name: string) => readFileSync(new URL(`../../../shared/observed/${name}.txt`, import.meta.url), 'utf8');
const reference = brownDocuments(['learned', 'fiction']);
const bert = loadBertWords();
const known = new Set(referenceWordKeys(reference).flat());
const wn = loadWordNetSync();
const isWord = (w: string) => wn.isLemma(w) || wn.morphy(w).length > 0;
const press = passages(brownDocuments(['news']).slice(0, 6));
const score = (text: string) => casingScore(casingFeatures(text, bert, known, isWord));

describe('wordpiece-casing', () => {
  it('scores the observed BERT regeneration far above the original and the spin', () => {
    const mlm = casingFeatures(observed('mlm-regen-light'), bert, known, isWord);
    expect(mlm.lowercaseStarts).toBe(1);
    expect(mlm.spacedPunctuation).toBe(1);
    expect(mlm.artifacts).toBeGreaterThan(0);
    expect(score(observed('mlm-regen-light'))).toBeGreaterThan(score(observed('original')) + 1.5);
    expect(score(observed('mlm-regen-light'))).toBeGreaterThan(score(observed('synonym-spin')) + 1.5);
  });

  it('scores every passage rewritten by BERT basic tokenization above the passage', () => {
    for (const p of press) expect(score(bertBasic(p))).toBeGreaterThan(score(p) + 1);
  });

  it('counts free and glued WordPiece artifacts, but not real compounds', () => {
    const base = 'The committee met on Monday and the setback was reported to the members of the board.';
    expect(casingFeatures(base, bert, known, isWord).artifacts).toBe(0);
    expect(casingFeatures(base.replace('reported', 'report ##ness'), bert, known, isWord).artifacts).toBeGreaterThan(0);
    expect(casingFeatures(base.replace('reported', 'wouldhave'), bert, known, isWord).artifacts).toBeGreaterThan(0);
  });

  it('answers every item through the Detector interface', async () => {
    const det = createWordPieceCasing();
    await det.init!({ reference: reference.slice(0, 5) });
    const results = await det.score([{ id: 'a', task: 'tamper', text: '' }, { id: 'b', task: 'tamper', text: bertBasic(press[0]) }]);
    expect(results).toEqual([{ id: 'a', score: 0 }, { id: 'b', score: expect.any(Number) }]);
    expect(results[1].score).toBeGreaterThan(1.5);
  });
});
