import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, pick, randomInt } from './rng.js';

describe('rng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRng('s1');
    const b = createRng('s1');
    const c = createRng('s2');
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('derives child seeds from named parts, independent of unrelated parts', () => {
    expect(deriveSeed(1, 'doc-a', 'spin', 0)).toBe(deriveSeed(1, 'doc-a', 'spin', 0));
    expect(deriveSeed(1, 'doc-a', 'spin', 0)).not.toBe(deriveSeed(1, 'doc-a', 'spin', 1));
    // Concatenation must not collide: ("ab", "c") differs from ("a", "bc").
    expect(deriveSeed('ab', 'c')).not.toBe(deriveSeed('a', 'bc'));
  });

  it('picks within range', () => {
    const r = createRng('p');
    for (let i = 0; i < 100; i++) expect(randomInt(r, 3)).toBeLessThan(3);
    expect(pick(r, [])).toBeUndefined();
  });
});
