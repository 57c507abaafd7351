import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootstrapP, exactP, formatP, holmP } from './pvalues.js';
import { holm } from './significance.js';

describe('bootstrap p-values never 0', () => {
  it('(k + 1)/(B + 1), one- and two-sided, floor flagged', () => {
    expect(bootstrapP(0, 1000, 1)).toEqual({ p: 1 / 1001, atFloor: true });
    expect(bootstrapP(0, 1000)).toEqual({ p: 2 / 1001, atFloor: true });
    expect(bootstrapP(9, 999, 1)).toEqual({ p: 10 / 1000, atFloor: false });
    expect(bootstrapP(600, 1000)).toEqual({ p: 1, atFloor: false });
    expect(() => bootstrapP(-1, 10)).toThrow(RangeError);
    expect(() => bootstrapP(11, 10)).toThrow(RangeError);
  });

  it('property: p >= 1/(B + 1) and <= 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom<1 | 2>(1, 2), (B, share, sides) => {
        const { p } = bootstrapP(Math.floor(share * B), B, sides);
        return p >= 1 / (B + 1) && p <= 1;
      }),
    );
  });

  it('exact p-values never 0', () => {
    expect(exactP(0).p).toBeGreaterThan(0);
    expect(exactP(0.2)).toEqual({ p: 0.2, atFloor: false });
  });
});

describe('formatP', () => {
  it('at the floor: p < round-up (units/(B + 1))', () => {
    expect(formatP(1 / 1001, 1000)).toBe('p < 0.001 (1/1001)');
    expect(formatP(bootstrapP(0, 1000, 1), 1000)).toBe('p < 0.001 (1/1001)');
    expect(formatP(bootstrapP(0, 1000), 1000)).toBe('p < 0.002 (2/1001)');
    expect(formatP(bootstrapP(0, 200), 200)).toBe('p < 0.01 (2/201)');
    expect(formatP(bootstrapP(0, 9999, 1), 9999)).toBe('p < 0.0001 (1/10000)');
  });
  it('elsewhere: three decimals, or p < 0.001; never 0', () => {
    expect(formatP(0.0342)).toBe('p = 0.034');
    expect(formatP(bootstrapP(40, 1000), 1000)).toBe('p = 0.082');
    expect(formatP(1)).toBe('p = 1.000');
    expect(formatP(3e-7)).toBe('p < 0.001');
    expect(formatP(0)).toBe('p < 0.001');
    expect(formatP(null)).toBe('p = n/a');
  });
  it('Holm-adjusted floor prints as a bound', () => {
    const [adjusted] = holmP([bootstrapP(0, 1000), bootstrapP(300, 1000), bootstrapP(500, 1000)]);
    expect(adjusted).toEqual({ p: 6 / 1001, atFloor: true });
    expect(formatP(adjusted, 1000)).toBe('p < 0.006 (6/1001)');
  });
});

describe('holmP keeps the floor', () => {
  it('same numbers as holm', () => {
    const raw = [0.03, 0.01, 0.5, 0.02];
    expect(holmP(raw.map((p) => ({ p, atFloor: false }))).map((v) => v!.p)).toEqual(holm(raw));
  });
  it('an adjusted p set by a floored p stays a bound; one set by an exact p does not', () => {
    const out = holmP([{ p: 0.002, atFloor: true }, { p: 0.004, atFloor: false }, null]);
    // m = 2: 2 x 0.002 = 0.004 (bound); then max(0.004, 1 x 0.004) = 0.004, set by the floored term
    expect(out).toEqual([{ p: 0.004, atFloor: true }, { p: 0.004, atFloor: true }, null]);
    const out2 = holmP([{ p: 0.002, atFloor: true }, { p: 0.03, atFloor: false }]);
    expect(out2).toEqual([{ p: 0.004, atFloor: true }, { p: 0.03, atFloor: false }]);
  });
  it('property: adjusted >= raw >= floor, capped at 1, never flagged at 1', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 999 }), fc.boolean()), { minLength: 1, maxLength: 20 }), (entries) => {
        const raw = entries.map(([k, one]) => bootstrapP(k, 999, one ? 1 : 2));
        const adj = holmP(raw);
        return adj.every((a, i) => a!.p >= raw[i].p && a!.p >= 1 / 1000 && a!.p <= 1 && !(a!.p === 1 && a!.atFloor));
      }),
    );
  });
});
