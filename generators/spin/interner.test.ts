import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SubstringInterner, hashRange } from './interner.js';

describe('SubstringInterner', () => {
  it('gives one dense id per distinct substring, found again without slicing, across growth', () => {
    // Varied lengths and bases, some two-byte: repeats and thousands of distinct keys.
    const word = fc.nat({ max: 6000 }).map((n) => (n % 3 === 0 ? String.fromCharCode(0x3b1 + (n % 5)) : '') + n.toString(2 + (n % 35)));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3000 }), (words) => {
        const interner = new SubstringInterner();
        const ids = new Map<string, number>();
        const text = words.join('');
        const wrong: string[] = [];
        let at = 0;
        for (const w of words) {
          const hash = hashRange(text, at, at + w.length);
          let id = interner.find(text, at, at + w.length, hash);
          if (id < 0) {
            if (ids.has(w)) wrong.push(`lost ${w}`);
            id = interner.add(w, hash);
            ids.set(w, id);
          }
          if (id !== ids.get(w) || interner.key(id) !== w || hash !== hashRange(w)) wrong.push(w);
          at += w.length;
        }
        expect(wrong).toEqual([]);
        expect(interner.size).toBe(ids.size);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps thousands of keys apart, and forgets them on clear', () => {
    const interner = new SubstringInterner();
    const keys = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
    const added = keys.map((k) => interner.add(k, hashRange(k)));
    expect(added.every((id, i) => id === i)).toBe(true);
    const found = keys.map((k) => interner.find(`  ${k} `, 2, 2 + k.length, hashRange(k)));
    expect(found.every((id, i) => id === i)).toBe(true);
    expect(interner.find('zz-none', 0, 7, hashRange('zz-none'))).toBe(-1);
    interner.clear();
    expect(interner.size).toBe(0);
    expect(interner.find(keys[5], 0, keys[5].length, hashRange(keys[5]))).toBe(-1);
  });
});
