import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PairFilter } from './pair-filter.js';
import { PENDING, PairTable } from './pair-table.js';

describe('PairFilter', () => {
  it('never rules out a stored pair, so screening before a lookup changes no answer', () => {
    const key = fc.nat(2000);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, key), { maxLength: 400 }), fc.array(fc.tuple(key, key), { maxLength: 400 }), (stored, asked) => {
        const table = PairTable.withRoomFor(stored.length, 1);
        for (const [a, b] of stored) table.insert(a, b);
        const filter = new PairFilter(table);
        for (const [a, b] of stored) expect(filter.mayHave(a, b)).toBe(true);
        const bs = Int32Array.from(asked, ([, b]) => b);
        for (const [a] of asked) {
          const out = new Int32Array(asked.length).fill(PENDING);
          filter.screenFirstFixed(a, bs, out, asked.length);
          table.resolveFirstFixed(a, bs, out, asked.length);
          asked.forEach(([, b], i) => expect(out[i]).toBe(table.find(a, b)));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('rules out most absent pairs', () => {
    const table = PairTable.withRoomFor(20_000, 1);
    for (let i = 0; i < 20_000; i++) table.insert(i, i * 7 + 1);
    const filter = new PairFilter(table);
    let passed = 0;
    for (let i = 0; i < 20_000; i++) if (filter.mayHave(i, i * 7 + 2)) passed++;
    expect(passed / 20_000).toBeLessThan(0.15);
  });
});
