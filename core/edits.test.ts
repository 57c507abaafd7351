import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyReplacements, EditWriter, withLazyEdits, type Replacement } from './edits.js';
import { CodePointIndex, sliceCodePoints, codePointLength } from './text.js';
import type { Edit } from './types.js';

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

describe('EditWriter', () => {
  it('replaceMany writes the same text and edits as one replace per change', () => {
    fc.assert(
      fc.property(withReplacements, ({ text, reps }) => {
        const index = new CodePointIndex(text);
        const one = new EditWriter(index);
        for (const r of reps) one.replace(r.start, r.end, r.after, 'x', r.after.length === 1 ? 'number' : undefined);
        const many = new EditWriter(index);
        const facts = new Map(reps.flatMap((r, i) => (r.after.length === 1 ? [[i, 'number' as const]] : [])));
        many.replaceMany(
          reps.length,
          reps.map((r) => index.toU16(r.start)),
          reps.map((r) => index.toU16(r.end)),
          reps.map((r) => r.after),
          'x',
          facts,
        );
        expect(many.output()).toBe(one.output());
        expect(many.edits()).toEqual(one.edits());
        expect(one.edits()).toEqual(applyReplacements(text, reps.map((r) => ({ ...r, ...(r.after.length === 1 ? { factType: 'number' as const } : {}) }))).edits);
      }),
    );
  });

  it('builds the same output whether the replacements are sparse (joined slices) or dense (one unit buffer)', () => {
    const reference = (text: string, reps: Replacement[]) => {
      const cps = Array.from(text);
      let out = '';
      let cursor = 0;
      for (const r of reps) {
        out += cps.slice(cursor, r.start).join('') + r.after;
        cursor = r.end;
      }
      return out + cps.slice(cursor).join('');
    };
    fc.assert(
      fc.property(withReplacements, fc.integer({ min: 1, max: 200 }), ({ text, reps }, copies) => {
        // A long tail after the replaced prefix makes the same replacements sparse.
        const long = text + ' tail'.repeat(copies * 20);
        const writer = new EditWriter(new CodePointIndex(long));
        for (const r of reps) writer.replace(r.start, r.end, r.after, 'x');
        expect(writer.output()).toBe(reference(long, reps));
      }),
    );
  });

  it('builds the same output on both sides of the sparse/dense threshold', () => {
    for (const length of [126, 127, 128, 129, 130]) {
      const text = 'ab😀'.padEnd(length, 'x');
      const writer = new EditWriter(new CodePointIndex(text));
      writer.replace(2, 3, '[smile]', 'x');
      expect(writer.output()).toBe(`ab[smile]${text.slice(4)}`);
    }
  });

  it('extends the edits it already gave, keeping changes made to them', () => {
    const writer = new EditWriter(new CodePointIndex('one two three'));
    writer.replace(0, 3, '1', 'x');
    const first = writer.edits();
    first[0].generator = 'g';
    writer.replace(4, 7, '2', 'x', 'number');
    const all = writer.edits();
    expect(all).toBe(first);
    expect(all.map((e) => [e.generator, e.outputSpan, e.factType])).toEqual([
      ['g', [0, 1], undefined],
      [undefined, [2, 3], 'number'],
    ]);
    expect(writer.output()).toBe('1 2 three');
  });

  it('refuses batch offsets that are not whole, split a surrogate pair, or outrun the arrays', () => {
    const text = 'a😀b';
    const fresh = () => new EditWriter(new CodePointIndex(text));
    expect(() => fresh().replaceMany(1, [Number.NaN], [1], ['x'], 'x')).toThrow(/outside/);
    expect(() => fresh().replaceMany(1, [0.5], [1], ['x'], 'x')).toThrow(/outside/);
    expect(() => fresh().replaceMany(1, [2], [3], ['x'], 'x')).toThrow(/splits a surrogate pair/);
    expect(() => fresh().replaceMany(2, [0], [1], ['x'], 'x')).toThrow(/count 2/);
    expect(() => fresh().replaceMany(1, [0], [1], ['x'], 'x', new Map([[-1, 'number' as const]]))).toThrow(/names replacement -1/);
    const writer = fresh();
    writer.replaceMany(1, [1], [3], ['X'], 'x');
    expect(writer.output()).toBe('aXb');
    expect(writer.edits()[0]).toMatchObject({ sourceSpan: [1, 2], before: '😀' });
  });

  it('keeps lone surrogates and astral characters exactly as they are', () => {
    const text = 'a\ud800b 😀 c\udc00';
    const index = new CodePointIndex(text);
    const writer = new EditWriter(index);
    writer.replace(2, 3, '\udbff', 'x');
    writer.replace(4, 5, '😃x', 'x');
    expect(writer.output()).toBe('a\ud800\udbff 😃x c\udc00');
    expect(writer.edits().map((e) => [e.before, e.outputSpan])).toEqual([
      ['b', [2, 3]],
      ['😀', [4, 6]],
    ]);
  });

  it('returns the source itself when nothing was replaced, and refuses changes after the output', () => {
    const writer = new EditWriter(new CodePointIndex('same text'));
    expect(writer.output()).toBe('same text');
    expect(writer.edits()).toEqual([]);
    expect(() => writer.replace(0, 1, 'S', 'x')).toThrow(/after output/);
  });

  it('rejects changes out of order or outside the text, in either form', () => {
    const writer = new EditWriter(new CodePointIndex('abcdef'));
    writer.replace(2, 3, 'X', 'x');
    expect(() => writer.replace(1, 2, 'Y', 'x')).toThrow(/overlaps/);
    expect(() => writer.replace(4, 9, 'Y', 'x')).toThrow(/outside/);
    expect(() => writer.replaceMany(2, [4, 3], [5, 4], ['p', 'q'], 'x')).toThrow(/overlaps/);
    expect(() => writer.replaceMany(1, [1], [2], ['p'], 'x')).toThrow(/overlaps/);
    expect(writer.output()).toBe('abXdef');
  });
});

describe('withLazyEdits', () => {
  const edit: Edit = { kind: 'x', sourceSpan: [0, 1], outputSpan: [0, 1], before: 'a', after: 'b' };

  it('builds the edits on first read only, once, and keeps later changes to them', () => {
    let built = 0;
    const result = withLazyEdits({ text: 'b', edits: [] as Edit[], eligible: 1 }, () => {
      built++;
      return [{ ...edit }];
    });
    expect(built).toBe(0);
    expect(result.text).toBe('b');
    expect(built).toBe(0);
    result.edits[0].generator = 'g';
    expect(result.edits[0].generator).toBe('g');
    expect(built).toBe(1);
    result.edits = [];
    expect(result.edits).toEqual([]);
  });

  it('serializes like a plain result, in the placeholder\'s key order', () => {
    const result = withLazyEdits({ text: 'b', edits: [] as Edit[], eligible: 1 }, () => [edit]);
    expect(JSON.stringify(result)).toBe(JSON.stringify({ text: 'b', edits: [edit], eligible: 1 }));
    expect({ ...result }).toEqual({ text: 'b', edits: [edit], eligible: 1 });
  });
});
