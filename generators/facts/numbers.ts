import type { CodePointIndex } from '../../core/text.js';
import type { WordList } from '../../core/tokenize.js';
import { matchCase, spanOf } from './mention.js';
import { Rule, type MentionList } from './mention-list.js';

/**
 * Numbers and dates, with plausible replacements that keep the format:
 * - digits keep their count, separators and decimals ("85" -> "80",
 *   "1.2" of "1.2 million" -> "1.5", "1,200" -> "1,400"); a round number
 *   stays as round ("50" -> "40"); the words around ("million",
 *   "-year-old", "percent") stay outside the span, so the form is kept;
 * - years (1800-2099) stay years, days after a month stay days: date facts;
 * - number words move to a neighbour ("sixth" -> "fifth", "three" -> "four");
 * - weekdays and months become another weekday or month.
 */

// Digits not glued to letters or to more digits ("3rd", "1990s", "A4" are skipped).
const NUMBER = /(?<![\p{L}\p{N}_.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\p{L}\p{N}_]|[.,]\d)/gu;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_ABBREVIATIONS = ['Jan.', 'Feb.', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const DATE_WORDS = new Map<string, readonly string[]>([
  ...WEEKDAYS.map((w) => [w, WEEKDAYS] as const),
  ...MONTHS.map((w) => [w, MONTHS] as const),
  ...MONTH_ABBREVIATIONS.map((w) => [w.slice(0, -1), MONTH_ABBREVIATIONS] as const),
]);
// "May" is a month only where a date is expected ("in May", "May 3"), not the modal at a sentence start.
const MAY_CONTEXT = new Set(['in', 'of', 'since', 'until', 'till', 'by', 'early', 'late', 'mid', 'last', 'next', 'this', 'from', 'through', 'to', 'on', 'before', 'after', 'during']);
const CARDINALS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINALS = ['third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
// "one", "first", "second" are left out: too often not a count ("one of", "at first", "a second").
const NUMBER_WORDS = new Map<string, readonly string[]>([CARDINALS, TENS, ORDINALS].flatMap((list) => list.map((w) => [w, list] as const)));

/** Digits (with separators and decimals), years, days of the month (a regex: "1,200" is several tokens). */
export function recognizeNumbers(text: string, index: CodePointIndex, out: MentionList): void {
  const re = new RegExp(NUMBER.source, NUMBER.flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[0];
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const { start, end } = spanOf(index, m.index, m.index + raw.length);
    const value = Number(raw.replace(/,/g, ''));
    if (/^\d{4}$/.test(raw) && value >= 1800 && value <= 2099 && !before.endsWith('$')) {
      out.add(start, end, 'date', Rule.year);
    } else if (/^\d{1,2}$/.test(raw) && value >= 1 && value <= 31 && /(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) $/.test(before)) {
      out.add(start, end, 'date', Rule.dayOfMonth);
    } else if (numberOptions(raw).length > 0) {
      out.add(start, end, 'number', Rule.digits);
    }
  }
}

/** Weekday and month names, and number words. */
export function recognizeWords(words: WordList, wantDates: boolean, wantNumbers: boolean, out: MentionList): void {
  const count = words.length;
  for (let i = 0; i < count; i++) {
    const size = words.size(i);
    if (size > 9 || size < 3) continue;
    const word = words.word(i);
    if (wantNumbers && NUMBER_WORDS.has(word.toLowerCase())) {
      out.add(words.start(i), words.end(i), 'number', Rule.numberWord);
      continue;
    }
    if (!wantDates) continue;
    const list = DATE_WORDS.get(word);
    if (list === undefined) continue;
    const abbreviated = list === MONTH_ABBREVIATIONS;
    if (abbreviated && !(i + 1 < count && words.word(i + 1) === '.' && words.startU16(i + 1) === words.endU16(i))) continue;
    if (word === 'May' && !MAY_CONTEXT.has(i > 0 ? words.word(i - 1).toLowerCase() : '') && !/^\d/.test(i + 1 < count ? words.word(i + 1) : '')) continue;
    const start = words.start(i);
    out.add(start, start + word.length + (abbreviated ? 1 : 0), 'date', Rule.dateWord);
  }
}

/** The options of a number or date mention, from its text and rule. */
export function numberMentionOptions(text: string, rule: Rule): string[] {
  switch (rule) {
    case Rule.year:
      return neighbours(Number(text), 5, 1800, 2099).map(String);
    case Rule.dayOfMonth:
      return neighbours(Number(text), 5, 1, 28).map(String);
    case Rule.numberWord:
      return numberWordOptions(text, NUMBER_WORDS.get(text.toLowerCase())!);
    case Rule.dateWord:
      return DATE_WORDS.get(text.endsWith('.') ? text.slice(0, -1) : text)!.filter((w) => w !== text);
    default:
      return numberOptions(text);
  }
}

/** Integers within `radius` of `value` (not itself), inside [min, max], nearest first. */
function neighbours(value: number, radius: number, min: number, max: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= radius; k++) {
    if (value - k >= min) out.push(value - k);
    if (value + k <= max) out.push(value + k);
  }
  return out;
}

/**
 * Plausible other values for a written number: the same digit count and
 * layout, moved by one to five steps, where a step keeps the roundness
 * (10 for "50", 100 for "1,200", 1 for "85" or "1.2").
 */
export function numberOptions(raw: string): string[] {
  const digits = raw.replace(/[,.]/g, '');
  if (digits.length > 15) return [];
  const n = digits.length;
  const value = Number(digits);
  let zeros = 0;
  while (zeros < n - 1 && digits[n - 1 - zeros] === '0') zeros++;
  const step = value === 0 ? 1 : 10 ** zeros;
  // A leading zero stays one ("0.5" -> "0.7", "07" -> "05"); otherwise the digit count is kept.
  const leadingZeros = /^0+/.exec(digits)?.[0].length ?? 0;
  const min = leadingZeros > 0 ? 0 : n === 1 ? 0 : 10 ** (n - 1);
  const max = leadingZeros > 0 ? 10 ** (n - leadingZeros) - 1 : 10 ** n - 1;
  const options: string[] = [];
  for (let k = 1; k <= 5; k++) {
    for (const candidate of [value - k * step, value + k * step]) {
      if (candidate < min || candidate > max || (leadingZeros > 0 && candidate === 0)) continue;
      options.push(layout(String(candidate).padStart(n, '0'), raw));
    }
  }
  return options;
}

/** Puts new digits into the layout of `raw`: the same separators at the same places. */
function layout(digits: string, raw: string): string {
  let out = '';
  let d = 0;
  for (const ch of raw) out += ch === ',' || ch === '.' ? ch : digits[d++];
  return out;
}

function numberWordOptions(word: string, list: readonly string[]): string[] {
  const lower = word.toLowerCase();
  const at = list.indexOf(lower);
  const out: string[] = [];
  for (let k = 1; k <= 2; k++) {
    if (at - k >= 0) out.push(list[at - k]);
    if (at + k < list.length) out.push(list[at + k]);
  }
  return out.map((w) => matchCase(word, w));
}
