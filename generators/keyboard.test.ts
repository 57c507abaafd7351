import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keyboardTypo, neighbours } from './keyboard.js';

/** Damerau-Levenshtein distance (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

describe('keyboard typos', () => {
  it('neighbours are symmetric and keep case', () => {
    for (const a of 'abcdefghijklmnopqrstuvwxyz') for (const b of neighbours(a)) expect(neighbours(b)).toContain(a);
    expect(neighbours('S')).toBe('AWEDXZ');
    expect(neighbours('1')).toBe('');
  });

  it('always makes one slip: a different word at edit distance 1, first letter kept', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{3,12}$/), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (word, a, b, c) => {
        const typo = keyboardTypo(word, a, b, c);
        expect(typo).not.toBe(word);
        expect(typo[0]).toBe(word[0]);
        expect(distance(word, typo)).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
