import { BOUNDARY, WORD_CLASS } from './ngram-format.js';
import type { NgramModel, SampleOptions } from './ngram-model.js';

/**
 * What a masked LM backend does for the regeneration: given the token
 * texts, which of them it may not see (masked), and which to fill, return
 * a token for each target. A returned token starting with "##" is a
 * WordPiece continuation (the neural backend may produce one).
 */
export interface MaskFiller {
  /** Backend name for notes and logs, e.g. "ngram" or "onnx:tiny-bert". */
  readonly name: string;
  fill(request: FillRequest): string[];
}

export interface FillRequest {
  /** Current token texts (lowercased pipeline tokens; earlier fills in left-to-right order). */
  texts: readonly string[];
  /** 1 where the model must not see the token. */
  hidden: Uint8Array;
  /** Positions to fill, ascending. */
  targets: readonly number[];
  /** The source token at each target, never to be returned (a fill equal to it is no change). */
  originals: readonly string[];
  /** The same as written in the source (case kept), for backends that guess its word class. */
  rawOriginals: readonly string[];
  /** One uniform draw per target, for sampling. */
  draws: readonly number[];
  sampling: SampleOptions;
}

/** Marks a position whose id is not looked up yet. */
const UNLOOKED = -2;

/** The count-based backend: one independent draw per target from its visible neighbours. */
export class NgramFiller implements MaskFiller {
  readonly name = 'ngram';
  constructor(private readonly model: NgramModel) {}

  fill({ texts, hidden, targets, originals, rawOriginals, draws, sampling }: FillRequest): string[] {
    const n = texts.length;
    const model = this.model;
    // A batch of many targets asks for the same neighbours again and again (adjacent masks share
    // them): look each position up once. One or a few targets (left-to-right order asks one at a
    // time) would spend more on the table than they save.
    const known = targets.length * 8 >= n ? new Int32Array(n).fill(UNLOOKED) : undefined;
    const idAt = (j: number): number => {
      if (j < 0 || j >= n) return BOUNDARY;
      if (hidden[j] === 1) return -1;
      if (known === undefined) return model.id(texts[j]);
      const id = known[j];
      return id !== UNLOOKED ? id : (known[j] = model.id(texts[j]));
    };
    return targets.map((i, k) => {
      const l1 = idAt(i - 1);
      // A context word past an unknown one would be read as adjacent: drop it.
      const l2 = l1 < 0 ? -1 : idAt(i - 2);
      const r1 = idAt(i + 1);
      const r2 = r1 < 0 ? -1 : idAt(i + 2);
      const original = model.id(originals[k]);
      const w = model.sample(l2, l1, r1, r2, original, this.classOf(original, rawOriginals[k]), draws[k], sampling);
      return w < 0 ? '' : model.vocab[w];
    });
  }

  /** The corpus's class for a known word; for an unknown one, what its shape says (digits, a capital). */
  private classOf(id: number, raw: string): number {
    if (/\p{N}/u.test(raw)) return WORD_CLASS.number;
    if (id >= 0) return this.model.wordClass(id);
    return /^\p{Lu}/u.test(raw) ? WORD_CLASS.proper : WORD_CLASS.other;
  }
}
