import { describe, expect, it } from 'vitest';
import numberShuffle from './number-shuffle.js';

const text = 'In 2019, 85 percent of 1,250.75 cars; 11 and 7 stay; the 24-year-old pact.';
const digitsOf = (s: string) => [...s.replace(/\D/g, '')].sort().join('');

describe('number-shuffle', () => {
  it('permutes the digits of each chosen number, separators in place, and marks a number fact', () => {
    const r = numberShuffle.generate(text, { intensity: 1, seed: 'n' });
    expect(r.edits.map((e) => e.before)).toEqual(['2019', '85', '1,250.75', '24']);
    for (const e of r.edits) {
      expect(e.after).not.toBe(e.before);
      expect(digitsOf(e.after)).toBe(digitsOf(e.before));
      expect(e.after.replace(/\d/g, '0')).toBe(e.before.replace(/\d/g, '0'));
      expect(e.factType).toBe('number');
    }
  });

  it('redraws digits with mode=random (RAID) and can then change any number', () => {
    const r = numberShuffle.generate(text, { intensity: 1, seed: 'n', params: { mode: 'random' } });
    expect(r.eligible).toBe(6);
    for (const e of r.edits) {
      expect(e.after).not.toBe(e.before);
      expect(e.after.replace(/\d/g, '0')).toBe(e.before.replace(/\d/g, '0'));
    }
  });
});
