import { CodePointIndex } from '../../core/text.js';

/**
 * The text pipeline of the observed masked-LM regeneration
 * (../shared/observed/mlm-regen-light.txt): BERT's basic tokenizer as that
 * tool ran it.
 *
 * - split on whitespace, then split every punctuation character off as its
 *   own token (BERT's rule: ASCII 33-47, 58-64, 91-96, 123-126 and Unicode
 *   category P), CJK ideographs one per token;
 * - lowercase, but do NOT strip accents: the observed output keeps "â";
 * - one exception the observed file shows: a mojibake run (a UTF-8 character
 *   whose bytes were decoded as Windows-1252, like "â€”" for "—") stays one
 *   token, although "—" alone is punctuation;
 * - the output is the tokens joined by single spaces, one token out for
 *   each token in, so positions align 1:1.
 */
export type PipelineTokenKind = 'word' | 'punct' | 'mojibake';

export interface PipelineToken {
  /** The token as the pipeline outputs it (lowercased). */
  text: string;
  /** The token as written in the source (original case). */
  raw: string;
  /** Code-point span in the source text. */
  start: number;
  end: number;
  /** `word` tokens (a letter or digit, not mojibake) are the ones masking may touch. */
  kind: PipelineTokenKind;
  /** True when a newline or the start of the text precedes the token (a paragraph edge). */
  afterNewline: boolean;
}

/** Windows-1252 characters of bytes 0x80-0x9F, plus the C1 controls that decoders pass through. */
const CP1252_C1 = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\\u0081\\u008D\\u008F\\u0090\\u009D';
/** A UTF-8 continuation byte (0x80-0xBF) read as Windows-1252; 0xA0 is left out because it is a space. */
const CONT = `[\\u00A1-\\u00BF${CP1252_C1}]`;
/** A UTF-8 lead byte read as Latin-1 followed by as many continuation bytes as it announces. */
const MOJIBAKE = `[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}|[\\u00F0-\\u00F4]${CONT}{3}`;
const PUNCT = '!-/:-@\\[-`{-~\\p{P}';
const CJK = '\\u4E00-\\u9FFF\\u3400-\\u4DBF\\uF900-\\uFAFF\\u{20000}-\\u{2FA1F}';

// The negative lookahead runs only at a possible lead-byte character, which plain text rarely has.
const TOKEN_RE = new RegExp(`(${MOJIBAKE})|([${PUNCT}${CJK}])|((?:[^\\s${PUNCT}${CJK}\\u00C2-\\u00F4]|(?!${MOJIBAKE})[\\u00C2-\\u00F4])+)`, 'gu');
const WORDLIKE = /[\p{L}\p{N}]/u;

/** Cuts a text into pipeline tokens with code-point spans in the source. */
export function pipelineTokens(text: string, index: CodePointIndex = new CodePointIndex(text)): PipelineToken[] {
  const tokens: PipelineToken[] = [];
  const re = new RegExp(TOKEN_RE.source, TOKEN_RE.flags);
  let lastEnd = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[0];
    const kind: PipelineTokenKind = m[1] ? 'mojibake' : WORDLIKE.test(raw) ? 'word' : 'punct';
    const afterNewline = tokens.length === 0 || text.slice(lastEnd, m.index).includes('\n');
    lastEnd = m.index + raw.length;
    tokens.push({
      text: raw.toLowerCase(),
      raw,
      start: index.toCodePoint(m.index),
      end: index.toCodePoint(lastEnd),
      kind,
      afterNewline,
    });
  }
  return tokens;
}

/** The observed normalisation alone: tokens lowercased and joined by single spaces. */
export function normalizeText(text: string): string {
  return pipelineTokens(text)
    .map((t) => t.text)
    .join(' ');
}
