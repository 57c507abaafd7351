import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import { binomial, logGamma, multinomial } from './binomial.js';

/** Binomial(n, p) probabilities by the pmf recurrence from 0, in logs (no underflow at p = 0.9). */
function pmf(n: number, p: number): number[] {
  const logs = [n * Math.log1p(-p)];
  for (let k = 1; k <= n; k++) logs.push(logs[k - 1] + Math.log(n - k + 1) - Math.log(k) + Math.log(p) - Math.log1p(-p));
  return logs.map(Math.exp);
}

describe('binomial draws', () => {
  it('logGamma matches log((x-1)!) on whole numbers', () => {
    let logFactorial = 0;
    for (let x = 1; x <= 170; x++) {
      if (x > 1) logFactorial += Math.log(x - 1);
      expect(Math.abs(logGamma(x) - logFactorial)).toBeLessThan(1e-9 * Math.max(1, logFactorial));
    }
  });

  // Both regimes: inversion from 0 (n p < 16) and from the mode, and p > 1/2 by symmetry.
  for (const [n, p] of [
    [20, 0.3],
    [200, 0.02],
    [120, 0.4],
    [400, 0.9],
  ] as const) {
    it(`Binomial(${n}, ${p}): frequencies match the pmf (chi-square, 40,000 draws)`, () => {
      const rng = createRng(`binomial-${n}-${p}`);
      const draws = 40_000;
      const seen = new Array(n + 1).fill(0);
      for (let d = 0; d < draws; d++) seen[binomial(rng, n, p)]++;
      const expected = pmf(n, p).map((q) => q * draws);
      // Pool the tails into cells with >= 5 expected, then chi-square.
      let chi = 0;
      let cells = 0;
      let e = 0;
      let o = 0;
      for (let k = 0; k <= n; k++) {
        e += expected[k];
        o += seen[k];
        if (e >= 5) {
          chi += ((o - e) * (o - e)) / e;
          cells++;
          e = 0;
          o = 0;
        }
      }
      // 99.9% point of chi-square with df = cells - 1 is below df + 4.5 sqrt(df) + 10 for these sizes.
      const df = cells - 1;
      expect(chi).toBeLessThan(df + 4.5 * Math.sqrt(2 * df) + 10);
    });
  }

  it('multinomial: counts sum to the total, empty categories get none', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 10_000 }), fc.string(), (weights, total, seed) => {
        fc.pre(weights.some((w) => w > 0));
        const out = multinomial(createRng(seed), total, weights, new Uint32Array(weights.length));
        expect(out.reduce((a, b) => a + b, 0)).toBe(total);
        weights.forEach((w, t) => {
          if (w === 0) expect(out[t]).toBe(0);
        });
      }),
      { seed: 20, numRuns: 300 },
    );
  });
});
