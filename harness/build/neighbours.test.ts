import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from './neighbours.js';

describe('TF-IDF neighbours', () => {
  const docs = [
    { id: 'a1', text: 'The senate passed the farm bill on Monday after a long debate.', meta: { group: 'a' } },
    { id: 'a2', text: 'The farm bill debate in the senate lasted until Monday night.', meta: { group: 'a' } },
    { id: 'b1', text: 'Senators debated the farm bill and passed it on Monday.', meta: { group: 'b' } },
    { id: 'c1', text: 'The orchestra played Brahms to a full hall on Saturday.', meta: { group: 'c' } },
  ];
  const index = new TfIdfIndex(docs);

  it('finds the topically nearest passage of another article', () => {
    expect(index.nearest('a1')?.id).toBe('b1');
    expect(['a1', 'a2']).toContain(index.nearest('b1')?.id);
  });

  it('never returns the passage itself or one of the same article', () => {
    for (const d of docs) {
      const n = index.nearest(d.id);
      expect(n?.id).not.toBe(d.id);
      if (n) expect(n.meta?.group).not.toBe(d.meta.group);
    }
    expect(index.nearest('unknown')).toBeUndefined();
  });
});
