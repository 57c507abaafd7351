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
