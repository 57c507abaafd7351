/**
 * The prompt templates of llm-rewrite. Their version is part of every
 * cassette key and of the manifest: change a word here and bump it, or old
 * recordings would answer new prompts.
 */
import type { ChatMessage } from './client.js';

export const PROMPT_VERSION = 'llm-rewrite/1';

export const OPS = ['paraphrase', 'polish', 'expand', 'compress', 'back-translate'] as const;
export type RewriteOp = (typeof OPS)[number];

const ANSWER_ONLY = 'Answer with the rewritten text only: no preamble, no quotation marks, no notes.';

const INSTRUCTIONS: Record<Exclude<RewriteOp, 'back-translate'>, string> = {
  paraphrase: 'Paraphrase the text: say the same thing in other words, keeping every fact, name and number.',
  polish: 'Polish the text: improve its fluency, grammar and style without changing what it says.',
  expand: 'Expand the text: make it longer and more detailed in the same style, without adding new facts.',
  compress: 'Compress the text: make it shorter and more concise, keeping its main facts.',
};

/** One call of an op: back-translation takes two, the others one. */
export interface PromptStep {
  /** Names the call in the cassette key (`rewrite`, `to-pivot`, `from-pivot`). */
  name: string;
  system: string;
}

/**
 * The calls an op makes, in order; each takes the previous one's answer.
 * `strength` (document scope only) asks for the share of words to change.
 */
export function promptSteps(op: RewriteOp, options: { language: string; pivot: string; strength?: number }): PromptStep[] {
  if (op === 'back-translate') {
    return [
      { name: 'to-pivot', system: `Translate the text from ${options.language} into ${options.pivot}. Answer with the translation only: no preamble, no notes.` },
      { name: 'from-pivot', system: `Translate the text from ${options.pivot} into ${options.language}. Answer with the translation only: no preamble, no notes.` },
    ];
  }
  const strength = options.strength === undefined ? '' : ` Change about ${Math.round(options.strength * 100)}% of the words.`;
  return [{ name: 'rewrite', system: `${INSTRUCTIONS[op]}${strength} Write in ${options.language}. ${ANSWER_ONLY}` }];
}

/** The messages of one call: the instruction as the system message, the text alone as the user message. */
export function messagesFor(step: PromptStep, text: string): ChatMessage[] {
  return [
    { role: 'system', content: step.system },
    { role: 'user', content: text },
  ];
}

/** A completion budget that fits the op: expansion needs room, the others about the input's length. */
export function maxTokensFor(op: RewriteOp, text: string): number {
  // About four characters a token in English; generous, since a cut answer is a failed sample.
  const tokens = Math.ceil(text.length / 4);
  return Math.max(64, Math.ceil(tokens * (op === 'expand' ? 3 : 2)) + 32);
}
