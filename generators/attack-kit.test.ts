import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../core/rng.js';
import { selectNested } from '../core/select.js';
import { matchCase, pickUnits, selectSmallest } from './attack-kit.js';

describe('pickUnits', () => {
  it('selects exactly what core selectNested selects for the same stream (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 5 }), (n, intensity, seed) => {
        expect(pickUnits(n, intensity, seed)).toEqual(selectNested(n, intensity, createRng(`${seed}/select`)));
      }),
      { numRuns: 300 },
    );
  });

  it('breaks ties by position, as selectByRank does', () => {
    expect(selectSmallest(Float64Array.from([0.5, 0.1, 0.5, 0.5, 0.9]), 3)).toEqual([true, true, true, false, false]);
  });
});

describe('matchCase', () => {
  it('copies UPPER, Capitalized and lower patterns', () => {
    expect(matchCase('COLOR', 'colour')).toBe('COLOUR');
    expect(matchCase('Color', 'colour')).toBe('Colour');
    expect(matchCase('color', 'colour')).toBe('colour');
    expect(matchCase('I', 'i')).toBe('I');
  });
});
