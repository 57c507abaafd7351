import { defineDetector, type DetectorItem, type DetectorResult, type Span } from '../../core/types.js';
import { isWordLike, tokenize, type Token } from '../../core/tokenize.js';
import { CodePointIndex } from '../../core/text.js';

/**
 * Consistency baseline, `fact-diff`: aligns the candidate's words with the
 * source's and flags each changed stretch that touches a fact-bearing
 * word on either side: a number (digits or words), a capitalized word
 * inside a sentence (a name; at a sentence start only if either text
 * capitalizes it inside a sentence too), a month or weekday, a gendered
 * pronoun, a negation. The score is
 * the number of such stretches; the spans are where they sit in the
 * candidate. Honest about what it is: it catches swapped names, numbers,
 * dates, pronouns and added or dropped negations, and misses antonyms and
 * any fact stated without one of those markers. For the spans task it
 * flags every changed stretch of words (punctuation and whitespace changes
 * are invisible to it).
 *
 * Words are compared lowercased with their inner punctuation dropped, and
 * a stretch whose words join to the same letters on both sides is a
 * tokenization change, not a rewrite ("can ' t" vs "can't", "u . s" vs
 * "U.S."), so lowercased BERT-style output is compared fairly.
 */
const MONTHS_AND_DAYS = new Set([
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);
const PRONOUNS = new Set(['he', 'she', 'him', 'his', 'her', 'hers', 'himself', 'herself']);
const NEGATIONS = new Set(['not', 'never', 'no', 'nor', 'none', 'nothing', 'nobody', 'cannot', "n't"]);
const NUMBER_WORDS = new Set([
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty',
  'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand', 'million', 'billion', 'trillion', 'first',
  'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'dozen',
]);
const SENTENCE_END = new Set(['.', '!', '?']);
/** Tokens of agreement a resynchronization needs; and how far ahead it looks on each side. */
const ANCHOR = 3;
const WINDOW = 12;

interface Word {
  token: Token;
  /** Lowercase letters and digits only: what two words are compared by. */
  key: string;
  /** Capitalized and not the first word of a sentence. */
  inner: boolean;
}

/** A changed stretch: source words [a0, a1) became candidate words [b0, b1). */
export interface Hunk {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

export interface FactDiff {
  /** Changed stretches that touch a fact-bearing word. */
  factHunks: Hunk[];
  /** Every changed stretch (tokenization-only changes excluded). */
  hunks: Hunk[];
  /** Candidate spans of the fact hunks, and of all hunks. */
  factSpans: Span[];
  allSpans: Span[];
}

/** Compares a candidate with its source. */
export function factDiff(source: string, candidate: string): FactDiff {
  const a = words(source);
  const b = words(candidate);
  // A capitalized word that opens a sentence is a name when either text also writes it capitalized inside a sentence.
  const names = new Set<string>();
  for (const w of [...a, ...b]) if (w.inner) names.add(w.key);
  for (const w of [...a, ...b]) if (!w.inner && /^\p{Lu}/u.test(w.token.text) && names.has(w.key)) w.inner = true;
  const hunks = align(a, b).filter((h) => joined(a, h.a0, h.a1) !== joined(b, h.b0, h.b1));
  const factHunks = hunks.filter((h) => anyFact(a, h.a0, h.a1) || anyFact(b, h.b0, h.b1));
  const spanOf = (h: Hunk): Span | undefined => {
    if (h.b1 > h.b0) return [b[h.b0].token.start, b[h.b1 - 1].token.end];
    // A deletion ("is not" -> "is") points at the word before it, where the meaning changed.
    const before = b[h.b0 - 1] ?? b[h.b0];
    return before === undefined ? undefined : [before.token.start, before.token.end];
  };
  const spans = (list: Hunk[]) => list.map(spanOf).filter((s): s is Span => s !== undefined);
  return { factHunks, hunks, factSpans: spans(factHunks), allSpans: spans(hunks) };
}

function words(text: string): Word[] {
  const index = new CodePointIndex(text);
  const tokens = tokenize(text, 'words', index);
  const out: Word[] = [];
  let sentenceStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > 0 && index.slice(tokens[i - 1].end, t.start).includes('\n')) sentenceStart = true;
    if (!isWordLike(t.text)) {
      if (SENTENCE_END.has(t.text)) sentenceStart = true;
      continue;
    }
    out.push({ token: t, key: t.text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''), inner: !sentenceStart && /^\p{Lu}/u.test(t.text) });
    sentenceStart = false;
  }
  return out;
}

function isFact(w: Word): boolean {
  const lower = w.token.text.toLowerCase();
  return w.inner || /\p{N}/u.test(lower) || NUMBER_WORDS.has(lower) || MONTHS_AND_DAYS.has(lower) || PRONOUNS.has(lower) || NEGATIONS.has(lower) || /n['’]t$/.test(lower);
}

function anyFact(ws: readonly Word[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isFact(ws[i])) return true;
  return false;
}

function joined(ws: readonly Word[], from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += ws[i].key;
  return s;
}

/**
 * Greedy alignment with resynchronization: walk both word lists; at a
 * mismatch, find the nearest pair of positions (fewest words skipped) where
 * ANCHOR words agree again, within WINDOW words on each side. Linear in the
 * text for the local edits generators make; no quadratic table.
 */
function align(a: readonly Word[], b: readonly Word[]): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  const agree = (x: number, y: number): boolean => {
    for (let k = 0; k < ANCHOR; k++) {
      const ax = a[x + k];
      const by = b[y + k];
      if (ax === undefined || by === undefined) return ax === by; // both ended together
      if (ax.key !== by.key) return false;
    }
    return true;
  };
  while (i < a.length && j < b.length) {
    if (a[i].key === b[j].key) {
      i++;
      j++;
      continue;
    }
    let di = 1;
    let dj = 1;
    search: for (let d = 1; d <= 2 * WINDOW; d++) {
      for (let x = Math.max(0, d - WINDOW); x <= Math.min(d, WINDOW); x++) {
        if (agree(i + x, j + d - x)) {
          di = x;
          dj = d - x;
          break search;
        }
      }
    }
    refine(a, b, { a0: i, a1: Math.min(a.length, i + di), b0: j, b1: Math.min(b.length, j + dj) }, hunks);
    i = Math.min(a.length, i + di);
    j = Math.min(b.length, j + dj);
  }
  if (i < a.length || j < b.length) refine(a, b, { a0: i, a1: a.length, b0: j, b1: b.length }, hunks);
  return hunks;
}

/**
 * Narrows a stretch found by resynchronization: words that agree at its
 * ends are cut off, and a stretch of equal length on both sides (word-for-
 * word substitutions, the common case) is split where single words agree,
 * so "Robert Lighthizer said Monday" -> "Donald Trump said Friday" gives
 * two stretches, not one.
 */
function refine(a: readonly Word[], b: readonly Word[], h: Hunk, out: Hunk[]): void {
  let { a0, a1, b0, b1 } = h;
  while (a0 < a1 && b0 < b1 && a[a0].key === b[b0].key) {
    a0++;
    b0++;
  }
  while (a1 > a0 && b1 > b0 && a[a1 - 1].key === b[b1 - 1].key) {
    a1--;
    b1--;
  }
  if (a1 - a0 !== b1 - b0) {
    out.push({ a0, a1, b0, b1 });
    return;
  }
  let start = -1;
  for (let k = 0; k <= a1 - a0; k++) {
    const differs = k < a1 - a0 && a[a0 + k].key !== b[b0 + k].key;
    if (differs && start < 0) start = k;
    if (!differs && start >= 0) {
      out.push({ a0: a0 + start, a1: a0 + k, b0: b0 + start, b1: b0 + k });
      start = -1;
    }
  }
}

export default defineDetector({
  name: 'fact-diff',
  version: '1.0.0',
  tasks: ['consistency', 'spans'],
  description: 'Aligns candidate and source words; counts changed stretches touching numbers, names, dates, pronouns or negation.',
  score(items: readonly DetectorItem[]): DetectorResult[] {
    return items.map((item) => {
      if (item.source === undefined) return { id: item.id, error: `fact-diff needs a source (task ${item.task})` };
      const diff = factDiff(item.source, item.text);
      if (item.task === 'spans') return { id: item.id, score: diff.hunks.length, label: diff.hunks.length > 0 ? 1 : 0, spans: diff.allSpans };
      return { id: item.id, score: diff.factHunks.length, label: diff.factHunks.length > 0 ? 1 : 0, spans: diff.factSpans };
    });
  },
});
