import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSpaceCode, tokenize, WordList } from './tokenize.js';
import { CodePointIndex, codePointLength, sliceCodePoints } from './text.js';

describe('tokenize', () => {
  it('keeps code-point offsets across astral characters', () => {
    const text = 'Emoji 😀 then "talks," and U.S. job-killing';
    const words = tokenize(text, 'words');
    for (const t of words) expect(sliceCodePoints(text, t.start, t.end)).toBe(t.text);
    expect(words.map((t) => t.text)).toEqual(['Emoji', '😀', 'then', '"', 'talks', ',', '"', 'and', 'U.S', '.', 'job-killing']);
    const ws = tokenize(text, 'whitespace');
    expect(ws.map((t) => t.text)).toContain('"talks,"');
    const then = ws.find((t) => t.text === 'then')!;
    expect(then.start).toBe(8); // 'Emoji ' (6) + '😀' (1 code point) + ' '
  });

  it('every token slices to its text, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        for (const mode of ['words', 'whitespace'] as const) {
          for (const t of tokenize(text, mode)) expect(sliceCodePoints(text, t.start, t.end)).toBe(t.text);
        }
      }),
    );
  });
});

describe('WordList', () => {
  it('holds the same tokens as tokenize(text, "words"), for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const list = new WordList(text);
        const tokens = Array.from({ length: list.length }, (_, i) => list.token(i));
        expect(tokens).toEqual(tokenize(text, 'words'));
      }),
    );
  });

  it('spans more than one chunk of offsets', () => {
    const text = 'a, '.repeat(70_000);
    const list = new WordList(text);
    expect(list.length).toBe(140_000);
    expect(list.token(139_999)).toEqual({ text: ',', start: 209_998, end: 209_999 });
    expect(list.gapBefore(65_536)).toBe(' ');
    expect(list.gapBefore(65_537)).toBe('');
  });
});

describe('CodePointIndex', () => {
  it('round-trips offsets', () => {
    const text = 'a😀b𝒳c';
    const idx = new CodePointIndex(text);
    expect(idx.length).toBe(5);
    expect(codePointLength(text)).toBe(5);
    expect(idx.slice(1, 4)).toBe('😀b𝒳');
    for (let cp = 0; cp <= idx.length; cp++) expect(idx.toCodePoint(idx.toU16(cp))).toBe(cp);
  });
});

describe('codePointLength', () => {
  it('counts what string iteration counts, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: fc.integer({ min: 0xd7fe, max: 0xe001 }).map((c) => String.fromCharCode(c)), maxLength: 60 })), (text) => {
        expect(codePointLength(text)).toBe([...text].length);
      }),
    );
  });
});

describe('isSpaceCode', () => {
  it('agrees with the regex \\s on every UTF-16 code unit', () => {
    const wrong: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isSpaceCode(c) !== /\s/u.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  it('splits whitespace tokens where /\\S+/gu does', () => {
    const pieces = ['a', 'U.S.', '\u{1F600}', ' ', '\n', '\u00a0', '\u2003', '\ufeff', '\u0085', '\ud800', 'talks,'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(tokenize(text, 'whitespace').map((t) => t.text)).toEqual(text.match(/\S+/gu) ?? []);
      }),
    );
  });
});
