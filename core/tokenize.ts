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
