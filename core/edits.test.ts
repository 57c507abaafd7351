import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyReplacements, type Replacement } from './edits.js';
import { sliceCodePoints, codePointLength } from './text.js';

/** Random non-overlapping replacements over a text. */
const withReplacements = fc.string({ unit: 'grapheme', maxLength: 60 }).chain((text) => {
  const n = codePointLength(text);
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: 3 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 8 })
    .map((raw) => {
      const sorted = raw.map(([s, len, after]) => ({ start: s, end: Math.min(n, s + len), after, kind: 'x' })).sort((a, b) => a.start - b.start);
      const reps: Replacement[] = [];
      let cursor = -1;
      for (const r of sorted) {
        if (r.start <= cursor) continue;
        reps.push(r);
        cursor = Math.max(r.end, r.start);
      }
      return { text, reps };
    });
});

describe('applyReplacements', () => {
  it('every edit slices to its before in the source and its after in the output', () => {
    fc.assert(
      fc.property(withReplacements, ({ text, reps }) => {
        const { text: out, edits } = applyReplacements(text, reps);
        expect(edits).toHaveLength(reps.length);
        for (const e of edits) {
          expect(sliceCodePoints(text, e.sourceSpan[0], e.sourceSpan[1])).toBe(e.before);
          expect(sliceCodePoints(out, e.outputSpan[0], e.outputSpan[1])).toBe(e.after);
        }
      }),
    );
  });

  it('rejects overlapping replacements', () => {
    expect(() =>
      applyReplacements('abcdef', [
        { start: 0, end: 3, after: 'x', kind: 'x' },
        { start: 2, end: 4, after: 'y', kind: 'x' },
      ]),
    ).toThrow(/overlaps/);
  });

  it('keeps the text outside edits identical', () => {
    const { text, edits } = applyReplacements('one two three', [{ start: 4, end: 7, after: 'deux', kind: 'x', factType: 'number' }]);
    expect(text).toBe('one deux three');
    expect(edits[0]).toMatchObject({ sourceSpan: [4, 7], outputSpan: [4, 8], before: 'two', after: 'deux', factType: 'number' });
  });
});
