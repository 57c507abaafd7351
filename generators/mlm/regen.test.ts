import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskDraws } from './regen.js';

describe('maskDraws', () => {
  it('stratified draws rank the positions as their plain uniforms do, one rank stratum each', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.string({ maxLength: 8 }), (n, seed) => {
        const plain = maskDraws(n, seed, 'iid');
        const stratified = maskDraws(n, seed, 'stratified');
        const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => plain[a] - plain[b] || a - b);
        const ranked = Array.from({ length: n }, (_, i) => i).sort((a, b) => stratified[a] - stratified[b]);
        expect(ranked).toEqual(expected);
        expected.forEach((i, rank) => expect(stratified[i] >= rank / n && stratified[i] < (rank + 1) / n).toBe(true));
      }),
      { numRuns: 40 },
    );
  });
});
