import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Edit } from './types.js';
import { applyReplacements, type Replacement } from './edits.js';
import { checkEdits, composeEdits } from './compose.js';
import { codePointLength } from './text.js';

/** Random non-overlapping replacements over a text of `length` code points. */
const replacementsFor = (length: number) =>
  fc
    .array(fc.record({ at: fc.nat({ max: length }), size: fc.nat({ max: 3 }), after: fc.constantFrom('', 'x', 'yz', 'é', '😀', ' ', 'long text') }), { maxLength: 8 })
    .map((raw) => {
      const sorted = [...raw].sort((a, b) => a.at - b.at);
      const out: Replacement[] = [];
      let cursor = 0;
      for (const r of sorted) {
        const start = Math.max(r.at, cursor);
        const end = Math.min(length, start + r.size);
        if (start > length) break;
        if (start === end && r.after === '') continue;
        out.push({ start, end, after: r.after, kind: 'k' });
        cursor = end;
        if (start === end) cursor = end + 1; // two insertions at one point would have no order
      }
      return out;
    });

const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', 'é', '😀', '𝒜', '.'), { maxLength: 30 }).map((p) => p.join(''));

describe('composeEdits', () => {
  it('maps source to final output exactly, for any two edit logs (property)', () => {
    const scenario = text.chain((source) =>
      replacementsFor(codePointLength(source)).chain((firstReps) => {
        const middle = applyReplacements(source, firstReps).text;
        return replacementsFor(codePointLength(middle)).map((secondReps) => ({ source, firstReps, secondReps }));
      }),
    );
    fc.assert(
      fc.property(scenario, ({ source, firstReps, secondReps }) => {
        const first = applyReplacements(source, firstReps);
        const second = applyReplacements(first.text, secondReps);
        const composed = composeEdits(source, second.text, first.edits, second.edits, 'one', 'two');
        expect(checkEdits(source, second.text, composed)).toBeUndefined();
        for (const e of composed) expect(e.before).not.toBe(e.after);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a lone edit as it was, naming its generator', () => {
    const first = applyReplacements('the cat sat', [{ start: 4, end: 7, after: 'dog', kind: 'synonym' }]);
    const second = applyReplacements(first.text, [{ start: 0, end: 0, after: '> ', kind: 'insert' }]);
    const composed = composeEdits('the cat sat', second.text, first.edits, second.edits, 'spin', 'quote');
    expect(composed).toEqual([
      { kind: 'insert', sourceSpan: [0, 0], outputSpan: [0, 2], before: '', after: '> ', generator: 'quote' },
      { kind: 'synonym', sourceSpan: [4, 7], outputSpan: [6, 9], before: 'cat', after: 'dog', generator: 'spin' },
    ]);
  });

  it('merges an edit of an edited region into one composite edit, and drops a change undone', () => {
    const first = applyReplacements('a cat sat', [{ start: 2, end: 5, after: 'dog', kind: 'synonym', factType: 'entity' }]);
    const second = applyReplacements(first.text, [
      { start: 3, end: 4, after: 'о', kind: 'homoglyph' },
      { start: 6, end: 7, after: '  ', kind: 'whitespace' },
    ]);
    const composed = composeEdits('a cat sat', second.text, first.edits, second.edits, 'spin', 'attack');
    expect(composed[0]).toEqual({ kind: 'composite', sourceSpan: [2, 5], outputSpan: [2, 5], before: 'cat', after: 'dоg', generator: 'spin+attack', factType: 'entity' });
    const undo = applyReplacements(first.text, [{ start: 2, end: 5, after: 'cat', kind: 'revert' }]);
    expect(composeEdits('a cat sat', undo.text, first.edits, undo.edits)).toEqual([]);
  });

  it('handles a deletion followed by an insertion at the same place', () => {
    const first = applyReplacements('the big cat', [{ start: 0, end: 4, after: '', kind: 'article-deletion' }]);
    const second = applyReplacements(first.text, [{ start: 0, end: 0, after: '\u200B', kind: 'zero-width' }]);
    const composed: Edit[] = composeEdits('the big cat', second.text, first.edits, second.edits);
    expect(checkEdits('the big cat', second.text, composed)).toBeUndefined();
    expect(composed).toHaveLength(1);
  });
});

describe('checkEdits', () => {
  it('names the first edit that does not slice to its text', () => {
    const { text, edits } = applyReplacements('one two', [{ start: 4, end: 7, after: 'three', kind: 'k' }]);
    expect(checkEdits('one two', text, edits)).toBeUndefined();
    expect(checkEdits('one two', text, [{ ...edits[0], before: 'six' }])).toMatch(/not before="six"/);
    expect(checkEdits('one two', text, [{ ...edits[0], outputSpan: [3, 8] }])).toMatch(/output span/);
    expect(checkEdits('one two', `${text}!`, edits)).toMatch(/replaying/);
  });
});
