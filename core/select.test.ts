import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countForIntensity, selectNested, selectByThreshold, drawUniforms } from './select.js';
import { createRng } from './rng.js';

describe('count rule', () => {
  it('rounds, takes at least one when anything is eligible, and never caps', () => {
    expect(countForIntensity(0, 0.5)).toBe(0);
    expect(countForIntensity(10, 0)).toBe(0);
    expect(countForIntensity(10, 0.01)).toBe(1);
    expect(countForIntensity(10, 0.25)).toBe(3);
    expect(countForIntensity(1000, 0.5)).toBe(500);
    expect(countForIntensity(7, 1)).toBe(7);
  });
});

describe('nested selection', () => {
  it('the units touched at a lower intensity are a subset of those at a higher one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.string(), (n, a, b, seed) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const low = selectNested(n, lo, createRng(seed));
        const high = selectNested(n, hi, createRng(seed));
        expect(low.filter(Boolean).length).toBe(countForIntensity(n, lo));
        low.forEach((chosen, i) => {
          if (chosen) expect(high[i]).toBe(true);
        });
      }),
    );
  });

  it('threshold selection nests too', () => {
    const draws = drawUniforms(200, createRng('t'));
    const low = selectByThreshold(draws, 0.1);
    const high = selectByThreshold(draws, 0.3);
    low.forEach((chosen, i) => chosen && expect(high[i]).toBe(true));
    expect(high.filter(Boolean).length).toBeGreaterThan(low.filter(Boolean).length);
  });
});
