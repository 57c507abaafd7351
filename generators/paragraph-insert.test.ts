import { describe, expect, it } from 'vitest';
import paragraphInsert from './paragraph-insert.js';

const text = 'First sentence here. Second one follows! Third? Yes.\nNew line starts. And ends.';

describe('paragraph-insert', () => {
  it('turns the space between two sentences of a line into a blank line', () => {
    const r = paragraphInsert.generate(text, { intensity: 1, seed: 'p' });
    expect(r.eligible).toBe(4);
    expect(r.text).toBe('First sentence here.\n\nSecond one follows!\n\nThird?\n\nYes.\nNew line starts.\n\nAnd ends.');
  });

  it('changes only layout: with breaks turned back into spaces the text is unchanged', () => {
    const r = paragraphInsert.generate(text, { intensity: 0.5, seed: 'p' });
    expect(r.edits.length).toBe(2);
    expect(r.text.replace(/\n\n/g, ' ')).toBe(text);
  });
});
