import { describe, expect, it } from 'vitest';
import type { CorpusView } from '../core/types.js';
import insertSentence from './insert-sentence.js';

const corpus: CorpusView = {
  documents: [
    { id: 'self', text: 'Talks resumed on Monday. Both sides said progress was slow. A new round is planned for March.' },
    { id: 'donor', text: 'The river rose two feet overnight in the valley. Residents moved cars to higher ground.\nshort one.' },
  ],
};
const self = corpus.documents[0].text;

describe('insert-sentence', () => {
  it('inserts whole sentences of another passage after chosen sentences', () => {
    const r = insertSentence.generate(self, { intensity: 1, seed: 'i', corpus, documentId: 'self' });
    expect(r.eligible).toBe(3);
    expect(r.edits.length).toBe(3);
    const donor = ['The river rose two feet overnight in the valley.', 'Residents moved cars to higher ground.'];
    for (const e of r.edits) {
      expect(e.before).toBe('');
      expect(donor).toContain(e.after.slice(1));
    }
    expect(r.note).toBeUndefined();
  });

  it('never borrows from the document being perturbed', () => {
    const onlySelf: CorpusView = { documents: [corpus.documents[0]] };
    const r = insertSentence.generate(self, { intensity: 1, seed: 'i', corpus: onlySelf, documentId: 'self' });
    expect(r.edits).toEqual([]);
    expect(r.text).toBe(self);
    expect(r.note).toMatch(/no other passage/);
  });

  it('falls back to the Brown news section without a corpus, and says so', () => {
    const r = insertSentence.generate(self, { intensity: 0.5, seed: 'i' });
    expect(r.edits.length).toBe(2);
    expect(r.note).toMatch(/Brown/);
    for (const e of r.edits) {
      expect(e.after).toMatch(/^ ["“(]?[A-Z0-9].*[.!?]["”)]?$/);
      expect(e.after.split('“').length).toBe(e.after.split('”').length);
    }
  });
});
