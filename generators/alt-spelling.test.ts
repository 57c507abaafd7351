import { describe, expect, it } from 'vitest';
import altSpelling from './alt-spelling.js';

describe('alt-spelling', () => {
  it('turns American spellings British, keeping case', () => {
    const r = altSpelling.generate('Color, the COLOR of honor: we analyze it at the center.', { intensity: 1, seed: 'a' });
    expect(r.text).toBe('Colour, the COLOUR of honour: we analyse it at the centre.');
  });

  it('goes back with direction=gb-to-us: a round trip at intensity 1 is the identity', () => {
    const us = 'They organized a favorite program to analyze the behavior of labor in the theater.';
    const gb = altSpelling.generate(us, { intensity: 1, seed: 'a' }).text;
    expect(gb).not.toBe(us);
    expect(altSpelling.generate(gb, { intensity: 1, seed: 'a', params: { direction: 'gb-to-us' } }).text).toBe(us);
  });

  it('leaves words of neither variety alone', () => {
    const r = altSpelling.generate('The cat sat on the mat.', { intensity: 1, seed: 'a' });
    expect(r.eligible).toBe(0);
  });
});
