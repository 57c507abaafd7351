import { describe, expect, it } from 'vitest';
import whitespace from './whitespace.js';

const text = ' Lighthizer said  the talks\nwere a "step forward."\tSo it goes. ';

describe('whitespace', () => {
  it('only adds spaces inside existing gaps between words on one line', () => {
    const r = whitespace.generate(text, { intensity: 1, seed: 'w' });
    // gaps: said, said|the, the|talks, were|a, a|"step, step|forward, ."|So (tab), So|it, it|goes
    expect(r.eligible).toBe(9);
    expect(r.text.replace(/ {2,}/g, ' ').replace(/ \t| \t/g, '\t')).toBe(text.replace(/ {2,}/g, ' '));
    expect(r.text.split('\n').length).toBe(text.split('\n').length);
    expect(r.text.startsWith(' L')).toBe(true);
    expect(r.text.endsWith('goes. ')).toBe(true);
  });

  it('inserts the number of spaces asked for', () => {
    const r = whitespace.generate(text, { intensity: 1, seed: 'w', params: { spaces: 3 } });
    for (const e of r.edits) expect(e.after).toBe('   ');
    expect(() => whitespace.generate(text, { intensity: 1, seed: 'w', params: { spaces: 0 } })).toThrow(/spaces/);
  });
});
