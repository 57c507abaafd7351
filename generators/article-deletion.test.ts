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

  it('keeps RAID behaviour with capitalized=false', () => {
    const r = articleDeletion.generate('The cat saw the dog.', { intensity: 1, seed: 'a', params: { capitalized: false } });
    expect(r.text).toBe('The cat saw dog.');
  });
});
