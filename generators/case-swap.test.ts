import { describe, expect, it } from 'vitest';
import caseSwap from './case-swap.js';

const text = 'Lighthizer said the U.S. views NAFTA as 24 "important" ßtraße Ébène.';

describe('case-swap', () => {
  it('flips the first letter of chosen words and nothing else', () => {
    const r = caseSwap.generate(text, { intensity: 1, seed: 'c' });
    expect(r.text).toBe('lighthizer Said The u.S. Views nAFTA As 24 "Important" SStraße ébène.');
    expect(r.eligible).toBe(10);
  });

  it('flips whole words with mode=word', () => {
    const r = caseSwap.generate('Hello WORLD miXed', { intensity: 1, seed: 'c', params: { mode: 'word' } });
    expect(r.text).toBe('hELLO world MIxED');
  });

  it('keeps the letters: lower-casing input and output gives the same text (ASCII)', () => {
    const ascii = 'The quick brown Fox jumps over the lazy Dog again and again.';
    const r = caseSwap.generate(ascii, { intensity: 0.5, seed: 'q' });
    expect(r.text.toLowerCase()).toBe(ascii.toLowerCase());
    expect(r.text).not.toBe(ascii);
  });
});
