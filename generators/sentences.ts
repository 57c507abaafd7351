import { CodePointIndex } from '../core/text.js';

/** A sentence: code-point span of its text, without surrounding whitespace. */
export interface SentenceSpan {
  start: number;
  end: number;
}

/**
 * Words whose trailing period does not end a sentence ("Rep. Robert",
 * "Mr. Smith", "Jan. 5"). Single letters and dotted initialisms ("U.S.")
 * are handled by shape, not listed.
 */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt rep reps sen gov gen col lt capt cmdr sgt adm rev hon pres supt ' +
    'inc co corp ltd bros dept univ assn no nos vs etc al fig figs approx est ave blvd rd ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);

const TERMINAL = new Set(['.', '!', '?', '…']);
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']']);
const OPENERS = /["'“‘«(\[]/u;
const STARTS_SENTENCE = /[\p{Lu}\p{N}]/u;

/**
 * Splits a text into sentences, rule-based and fast (the attacks must run at
 * over a million characters a second, so no tagger): a sentence ends at
 * `.`, `!`, `?` or `…` (with closing quotes or brackets) followed by
 * whitespace and a capital, a digit or an opening quote; and at every line
 * break. A period after an abbreviation, an initial or an initialism
 * ("U.S.") ends no sentence, which errs toward fewer, longer sentences.
 */
export function splitSentences(text: string, index: CodePointIndex = new CodePointIndex(text)): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = firstNonSpace(text, 0);
  const re = /\s+/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const ws = m.index;
    const next = ws + m[0].length;
    if (ws <= start || next >= text.length) continue;
    if (m[0].includes('\n') || endsSentence(text, ws, next)) {
      spans.push({ start: index.toCodePoint(start), end: index.toCodePoint(ws) });
      start = next;
    }
  }
  const end = lastNonSpace(text);
  if (start < end) spans.push({ start: index.toCodePoint(start), end: index.toCodePoint(end) });
  return spans;
}

/** Is the whitespace run [ws, next) a sentence break? */
function endsSentence(text: string, ws: number, next: number): boolean {
  let p = ws - 1;
  while (p >= 0 && CLOSERS.has(text[p])) p--;
  if (p < 0 || !TERMINAL.has(text[p])) return false;
  let q = next;
  if (OPENERS.test(text[q])) q++;
  const following = text.codePointAt(q);
  if (following === undefined || !STARTS_SENTENCE.test(String.fromCodePoint(following))) return false;
  if (text[p] === '.') return !isAbbreviation(text, p);
  return true;
}

/** The word ending at the period at `dot`: an abbreviation, an initial or an initialism? */
function isAbbreviation(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && !/\s/.test(text[s - 1])) s--;
  const word = text.slice(s, dot).replace(/^["'“‘(\[]+/u, '');
  if (/^\p{L}$/u.test(word)) return true;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function lastNonSpace(text: string): number {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}
