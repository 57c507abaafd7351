import { describe, expect, it } from 'vitest';
import articleDeletion from './article-deletion.js';

describe('article-deletion', () => {
  it('removes lower-case articles with the space after them', () => {
    const r = articleDeletion.generate('He saw a cat and an owl in the barn.', { intensity: 1, seed: 'a' });
    expect(r.text).toBe('He saw cat and owl in barn.');
    expect(r.edits.map((e) => e.before)).toEqual(['a ', 'an ', 'the ']);
  });

  it('removes a sentence-initial article and capitalizes the next word', () => {
    const r = articleDeletion.generate('The negotiators met. "A deal is near," he said. The US agreed.', { intensity: 1, seed: 'a' });
    expect(r.text).toBe('Negotiators met. "Deal is near," he said. US agreed.');
  });

  it('leaves capitals mid-sentence, glued articles and articles before punctuation alone', () => {
    const text = 'Vitamin A is good. It is grade-a stuff; the. Take the-end and a, then an';
    const r = articleDeletion.generate(text, { intensity: 1, seed: 'a' });
    expect(r.eligible).toBe(0);
    expect(r.text).toBe(text);
  });

  it('never plans overlapping deletions when an article follows a sentence-initial one', () => {
    // "The a The ": deleting "The" capitalizes "a", so "a" cannot also be deleted (found by the chain property test).
    for (const text of ['The a The ', 'The a cat. A the dog.', 'The an the a b']) {
      for (const intensity of [0.1, 0.5, 1]) {
        const r = articleDeletion.generate(text, { intensity, seed: 's' });
        for (let i = 1; i < r.edits.length; i++) expect(r.edits[i].sourceSpan[0]).toBeGreaterThanOrEqual(r.edits[i - 1].sourceSpan[1]);
      }
    }
    expect(articleDeletion.generate('The a The ', { intensity: 1, seed: 's' }).text).toBe('A The ');
  });

  it('keeps RAID behaviour with capitalized=false', () => {
    const r = articleDeletion.generate('The cat saw the dog.', { intensity: 1, seed: 'a', params: { capitalized: false } });
    expect(r.text).toBe('The cat saw dog.');
  });
});
