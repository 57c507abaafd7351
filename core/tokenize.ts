import { CodePointIndex } from './text.js';

/** A token with its code-point span in the text it came from. */
export interface Token {
  text: string;
  /** Code-point offset of the first character. */
  start: number;
  /** Code-point offset one past the last character. */
  end: number;
}

/**
 * How to cut a text:
 * - `whitespace`: maximal runs of non-space characters ("talks," stays one token),
 *   as naive spinners do;
 * - `words`: words (letters, digits, marks, with inner apostrophes, hyphens
 *   and dots: "don't", "job-killing", "U.S") and every other non-space
 *   character alone.
 */
export type TokenizeMode = 'whitespace' | 'words';

const PATTERNS: Record<TokenizeMode, RegExp> = {
  whitespace: /\S+/gu,
  words: /[\p{L}\p{N}\p{M}]+(?:['’\-.][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu,
};

/** The one tokenizer every generator, baseline and scorer uses. */
export function tokenize(text: string, mode: TokenizeMode = 'words', index?: CodePointIndex): Token[] {
  const map = index ?? new CodePointIndex(text);
  if (mode === 'whitespace') return whitespaceTokens(text, map);
  const re = new RegExp(PATTERNS[mode].source, PATTERNS[mode].flags);
  const tokens: Token[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    tokens.push({ text: m[0], start: map.toCodePoint(s), end: map.toCodePoint(e) });
  }
  return tokens;
}

/** True when the token has at least one letter or digit. */
export function isWordLike(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

/**
 * True when a UTF-16 code unit is whitespace as a JavaScript regex's `\s`
 * reads it (so a scan with this splits exactly where `/\S+/gu` does; all of
 * `\s` is in the BMP).
 */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `/\S+/gu` as a char-code scan (several times faster than the regex, same tokens). */
function whitespaceTokens(text: string, map: CodePointIndex): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
    if (i === n) break;
    const s = i;
    while (i < n && !isSpaceCode(text.charCodeAt(i))) i++;
    tokens.push({ text: text.slice(s, i), start: map.toCodePoint(s), end: map.toCodePoint(i) });
  }
  return tokens;
}

/** Tokens a WordList chunk holds: offsets live in fixed chunks, so a growing list never copies what it has. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/**
 * The `words` tokens of a text as offsets only: 8 bytes a token, where a
 * Token costs an object and a string (over 100 bytes), which on a
 * 50 MB text is several times the text. Same tokens as
 * `tokenize(text, 'words')`; a token's text is sliced when asked for, so a
 * scan should read it once per token.
 */
export class WordList {
  readonly text: string;
  readonly index: CodePointIndex;
  /** Number of tokens. */
  readonly length: number;
  /** Start and end of each token in UTF-16 code units, interleaved, CHUNK tokens a chunk. */
  private readonly chunks: Uint32Array[];

  constructor(text: string, index: CodePointIndex = new CodePointIndex(text)) {
    this.text = text;
    this.index = index;
    const chunks: Uint32Array[] = [];
    const re = new RegExp(PATTERNS.words.source, PATTERNS.words.flags);
    let n = 0;
    let chunk = new Uint32Array(0);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const at = (n & (CHUNK - 1)) << 1;
      if (at === 0) chunks.push((chunk = new Uint32Array(2 * CHUNK)));
      chunk[at] = m.index;
      chunk[at + 1] = m.index + m[0].length;
      n++;
    }
    this.chunks = chunks;
    this.length = n;
  }

  /** Token i's text (a new string each call). */
  word(i: number): string {
    const c = this.chunks[i >>> CHUNK_BITS];
    const at = (i & (CHUNK - 1)) << 1;
    return this.text.slice(c[at], c[at + 1]);
  }

  /** Token i's start in UTF-16 code units. */
  startU16(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][(i & (CHUNK - 1)) << 1];
  }

  /** Token i's end in UTF-16 code units. */
  endU16(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][((i & (CHUNK - 1)) << 1) + 1];
  }

  /** Token i's start in code points. */
  start(i: number): number {
    return this.index.toCodePoint(this.startU16(i));
  }

  /** Token i's end in code points. */
  end(i: number): number {
    return this.index.toCodePoint(this.endU16(i));
  }

  /** Length of token i in UTF-16 code units. */
  size(i: number): number {
    const c = this.chunks[i >>> CHUNK_BITS];
    const at = (i & (CHUNK - 1)) << 1;
    return c[at + 1] - c[at];
  }

  /** First UTF-16 code unit of token i. */
  firstCode(i: number): number {
    return this.text.charCodeAt(this.startU16(i));
  }

  /** The text between token i-1 and token i (from the text's start for token 0). */
  gapBefore(i: number): string {
    const from = i === 0 ? this.startU16(0) : this.endU16(i - 1);
    const to = this.startU16(i);
    return from === to ? '' : this.text.slice(from, to);
  }

  /** Token i as a Token. */
  token(i: number): Token {
    return { text: this.word(i), start: this.start(i), end: this.end(i) };
  }
}
