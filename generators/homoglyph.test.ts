import { describe, expect, it } from 'vitest';
import homoglyph from './homoglyph.js';
import { loadTable } from './attack-kit.js';

const table = loadTable<{ map: Record<string, string[]>; script: Record<string, string> }>('homoglyphs.json');
const text = 'Robert Lighthizer said Monday talks to rewrite NAFTA are progressing.';

describe('homoglyph', () => {
  it('replaces each chosen letter with one of its listed look-alikes, and nothing else', () => {
    const r = homoglyph.generate(text, { intensity: 1, seed: '1' });
    for (const e of r.edits) {
      expect(e.kind).toBe('homoglyph');
      expect(table.map[e.before]).toContain(e.after);
    }
    // Every letter with a look-alike is replaced at intensity 1; the others stay.
    for (const ch of r.text) if (/[A-Za-z]/.test(ch)) expect(table.map[ch]).toBeUndefined();
  });

  it('borrows only from the scripts asked for', () => {
    const r = homoglyph.generate(text, { intensity: 1, seed: '1', params: { scripts: 'cyrillic' } });
    expect(r.edits.length).toBeGreaterThan(10);
    for (const e of r.edits) expect(table.script[e.after]).toBe('cyrillic');
    const greek = homoglyph.generate(text, { intensity: 1, seed: '1', params: { scripts: 'greek' } });
    for (const e of greek.edits) expect(table.script[e.after]).toBe('greek');
    // Fewer letters have a Greek look-alike (no "c", "s", "x" ...).
    expect(greek.eligible).toBeLessThan(r.eligible);
  });

  it('gives a letter the same look-alike at every intensity', () => {
    const low = homoglyph.generate(text, { intensity: 0.3, seed: '7' });
    const high = new Map(homoglyph.generate(text, { intensity: 1, seed: '7' }).edits.map((e) => [e.sourceSpan[0], e.after]));
    for (const e of low.edits) expect(high.get(e.sourceSpan[0])).toBe(e.after);
  });

  it('keeps the table honest: Cyrillic or Greek letters of the same case as the ASCII letter', () => {
    for (const [letter, glyphs] of Object.entries(table.map)) {
      expect(letter).toMatch(/^[A-Za-z]$/);
      for (const g of glyphs) {
        expect(/\p{Script=Cyrillic}|\p{Script=Greek}/u.test(g)).toBe(true);
        expect(g !== g.toLowerCase()).toBe(letter !== letter.toLowerCase());
      }
    }
  });
});
