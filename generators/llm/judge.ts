/**
 * Is an answer a rewrite? Refusals, empty or cut answers and answers in
 * another language are failures with a reason, so they are counted and
 * skipped rather than passed off as rewrites. Pure: the same recorded answer
 * gets the same verdict online and offline.
 */
import type { ChatAnswer } from './client.js';

export type AnswerFailure = 'refusal' | 'empty' | 'truncated' | 'wrong-language';
export type Verdict = { ok: true; text: string } | { ok: false; reason: AnswerFailure };

/** Openings of a refusal; only the answer's start is read, so a rewrite quoting one is not a refusal. */
const REFUSAL = /^(?:i['’]m sorry|i am sorry|sorry,? (?:but )?i|i can(?:not|['’]t)|i won['’]t|i will not|i['’]m (?:not able|unable)|i am (?:not able|unable)|as an ai|i must decline|unfortunately,? i can)/i;
/** A chatty preamble line ("Here is the paraphrased text:") some models add despite the prompt. */
const PREAMBLE = /^(?:here(?:['’]s| is| are)|sure[,!.]|certainly[,!.])[^\n]*:\s*\n+/i;

const ENGLISH_STOPWORDS = new Set('the a an and or but of to in on at for with by from as is are was were be been it its that this these those he she they we you i his her their our not no'.split(' '));

/** Judges one answer; `expectLanguage` is checked only for English (the stopword test knows no other). */
export function judgeAnswer(answer: ChatAnswer, options: { source: string; expectLanguage?: string }): Verdict {
  if (answer.finishReason === 'length') return { ok: false, reason: 'truncated' };
  const text = clean(answer.content);
  if (text === '') return { ok: false, reason: 'empty' };
  if (REFUSAL.test(text)) return { ok: false, reason: 'refusal' };
  if (options.expectLanguage?.toLowerCase() === 'english' && !looksLike(options.source, text)) return { ok: false, reason: 'wrong-language' };
  return { ok: true, text };
}

/** Trims the answer and drops a preamble line and quotation marks wrapped around the whole of it. */
export function clean(content: string): string {
  let text = content.trim().replace(PREAMBLE, '').trim();
  const quoted = /^(["“])([\s\S]*)(["”])$/.exec(text);
  if (quoted && !quoted[2].includes(quoted[1])) text = quoted[2].trim();
  return text;
}

/**
 * Same script and, for longer texts, English function words where the source
 * has them: a simple check that catches an answer left in the pivot language
 * or a model that switched languages, not a language identifier.
 */
function looksLike(source: string, text: string): boolean {
  if (latinShare(source) > 0.8 && latinShare(text) < 0.5) return false;
  const src = stopwordShare(source);
  const out = stopwordShare(text);
  if (src.words >= 8 && out.words >= 8 && src.share >= 0.15 && out.share < 0.05) return false;
  return true;
}

function latinShare(text: string): number {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return 1;
  return letters.filter((c) => /\p{Script=Latin}/u.test(c)).length / letters.length;
}

function stopwordShare(text: string): { words: number; share: number } {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return { words: 0, share: 0 };
  return { words: words.length, share: words.filter((w) => ENGLISH_STOPWORDS.has(w)).length / words.length };
}
