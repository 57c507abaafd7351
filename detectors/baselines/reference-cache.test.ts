import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packArrays, unpackArrays } from './reference-cache.js';
import { bitsPerWord, loadTrigram, trainTrigram } from './ngram-perplexity.js';
import { buildIdf, loadIdf } from './tfidf-cosine.js';
import { buildSpinReference, loadSpinReference } from './wordnet-spin.js';

const reference = [
  { id: 'a', text: 'The jury said the county had not seen fit to act. The county said it would.' },
  { id: 'b', text: 'A jury of twelve met on Monday; the county clerk read the 1961 report aloud.' },
  { id: 'c', text: 'The clerk said the report was late, and the jury said the county was not to blame.' },
];

describe('reference caches', () => {
  it('pack and unpack arrays and header, at any byte offset', () => {
    const bytes = packArrays({ words: ['x', 'y'] }, [Float64Array.from([1.5, -1]), Uint32Array.from([7, 8, 9])]);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    for (const view of [bytes, shifted.subarray(3)]) {
      const packed = unpackArrays(view);
      expect(packed?.header).toEqual({ words: ['x', 'y'] });
      expect(packed?.arrays.map((a) => [...a])).toEqual([[1.5, -1], [7, 8, 9]]);
    }
    expect(unpackArrays(bytes.subarray(0, bytes.length - 8))).toBeUndefined();
  });

  it('read back equal to a fresh build, and one file per cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ref-cache-'));
    for (let pass = 0; pass < 2; pass++) {
      const model = loadTrigram(reference, dir);
      const fresh = trainTrigram(reference);
      for (const text of ['The jury said the county clerk was late.', 'Zebras juggle 42 quietly.']) expect(bitsPerWord(model, text)).toBe(bitsPerWord(fresh, text));
      expect([...model.vocab]).toEqual([...fresh.vocab]);
      expect(model.trigram.size).toBe(fresh.trigram.size);
      expect([...loadIdf(reference, dir).df].sort()).toEqual([...buildIdf(reference).df].sort());
      const spin = loadSpinReference(reference, dir);
      const built = buildSpinReference(reference);
      expect([...spin.counts]).toEqual([...built.counts]);
      expect(spin.phrases.words).toEqual(built.phrases.words);
    }
    expect(readdirSync(dir).sort().map((f) => f.replace(/-f\d.*$/, ''))).toEqual(['ngram-perplexity-model', 'tfidf-cosine-idf', 'wordnet-spin-reference']);
  });
});
