import { describe, expect, it } from 'vitest';
import zeroWidth from './zero-width.js';

const INVISIBLE = /[\u200B\u200C\u200D\u2060]/g;
const text = 'Trade talks, he said, are "progressing" slowly.\nNext line 😀ok.';

describe('zero-width', () => {
  it('only inserts invisible characters: removing them gives the text back', () => {
    for (const intensity of [0.1, 0.5, 1]) {
      const r = zeroWidth.generate(text, { intensity, seed: 's' });
      expect(r.text.replace(INVISIBLE, '')).toBe(text);
      for (const e of r.edits) expect(e.before).toBe('');
    }
  });

  it('inserts between two non-space characters only, never next to whitespace', () => {
    const r = zeroWidth.generate(text, { intensity: 1, seed: 's' });
    expect(r.text).not.toMatch(/\s[\u200B]|[\u200B]\s/);
    // "said," has 4 gaps inside; the astral emoji counts as one character.
    expect(r.eligible).toBe([...text].filter((c, i, a) => i > 0 && !/\s/.test(c) && !/\s/.test(a[i - 1])).length);
  });

  it('uses the character asked for, or a mix', () => {
    const zwj = zeroWidth.generate(text, { intensity: 1, seed: 's', params: { char: 'zwj' } });
    expect(new Set(zwj.edits.map((e) => e.after))).toEqual(new Set(['\u200D']));
    const mixed = zeroWidth.generate(text, { intensity: 1, seed: 's', params: { char: 'mixed' } });
    expect(new Set(mixed.edits.map((e) => e.after)).size).toBeGreaterThan(1);
  });

  it('never splits an accented letter or an emoji sequence', () => {
    const decomposed = 'cafe\u0301 👍🏽 👩\u200D💻 ✌\uFE0F';
    const r = zeroWidth.generate(decomposed, { intensity: 1, seed: 's' });
    // Gaps: c|a, a|f, f|e (not e|accent), none inside the emoji, ✌ alone.
    expect(r.eligible).toBe(3);
    expect(r.text.replace(/\u200B/g, '')).toBe(decomposed);
  });
});
