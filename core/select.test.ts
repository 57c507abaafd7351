import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countForIntensity, selectNested, selectByRank, selectByThreshold, drawUniforms } from './select.js';
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

describe('selection by rank', () => {
  /** The rule as written: sort positions by draw, ties by position, keep the first k. */
  const reference = (draws: number[], k: number): boolean[] => {
    const order = draws.map((_, i) => i).sort((a, b) => draws[a] - draws[b] || a - b);
    const mask = draws.map(() => false);
    for (const i of order.slice(0, Math.max(0, k))) mask[i] = true;
    return mask;
  };

  it('keeps exactly the k smallest draws, ties broken by position, on any input', () => {
    // Small integer draws force many ties; doubles cover the general case.
    const draws = fc.oneof(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 400 }), fc.array(fc.double({ noNaN: true }), { maxLength: 400 }));
    fc.assert(
      fc.property(draws, fc.nat(), (ds, r) => {
        const k = (r % (ds.length + 2)) - 1; // -1 .. n
        expect(selectByRank(ds, k)).toEqual(reference(ds, k));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the reference on long runs of uniform draws', () => {
    const draws = Array.from(drawUniforms(20_000, createRng('long')));
    for (const k of [1, 137, 5_000, 19_999]) {
      const got = selectByRank(draws, k);
      const want = reference(draws, k);
      expect(want.filter((x, i) => x !== got[i]).length).toBe(0);
    }
  });
});
