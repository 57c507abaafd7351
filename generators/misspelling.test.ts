import { describe, expect, it } from 'vitest';
import misspelling from './misspelling.js';
import { loadTable } from './attack-kit.js';

const table = loadTable<{ map: Record<string, string[]> }>('misspellings.json').map;
const text = 'The committee will definitely accommodate a separate Government request, Lighthizer said.';

describe('misspelling', () => {
  it('uses a listed misspelling when the list knows the word, keeping its case', () => {
    const r = misspelling.generate(text, { intensity: 1, seed: 'm' });
    const listed = r.edits.filter((e) => e.kind === 'misspelling');
    expect(listed.map((e) => e.before)).toEqual(expect.arrayContaining(['definitely', 'accommodate', 'separate', 'Government']));
    for (const e of listed) {
      expect(table[e.before.toLowerCase()]).toContain(e.after.toLowerCase());
      expect(e.after[0] === e.after[0].toUpperCase()).toBe(e.before[0] === e.before[0].toUpperCase());
    }
    // "Lighthizer" is in no list: it gets a keyboard slip.
    expect(r.edits.find((e) => e.before === 'Lighthizer')?.kind).toBe('keyboard-typo');
  });

  it('with source=list touches only listed words; with source=keyboard only makes slips', () => {
    const list = misspelling.generate(text, { intensity: 1, seed: 'm', params: { source: 'list' } });
    for (const e of list.edits) expect(e.kind).toBe('misspelling');
    expect(list.eligible).toBeLessThan(misspelling.generate(text, { intensity: 1, seed: 'm' }).eligible);
    const keys = misspelling.generate(text, { intensity: 1, seed: 'm', params: { source: 'keyboard' } });
    for (const e of keys.edits) expect(e.kind).toBe('keyboard-typo');
  });

  it('leaves short words, numbers and non-ASCII words alone', () => {
    const r = misspelling.generate('an ox at 1999 café naïve', { intensity: 1, seed: 'm' });
    expect(r.eligible).toBe(0);
    expect(r.note).toMatch(/nothing eligible/);
  });

  it('ships a list whose misspellings are not words of the list itself', () => {
    const words = new Set(Object.keys(table));
    const entries = Object.entries(table).flatMap(([word, wrong]) => wrong.map((w) => [word, w] as const));
    expect(entries.filter(([word, w]) => w === word || words.has(w))).toEqual([]);
    expect(entries.length).toBeGreaterThan(10_000);
  });
});
