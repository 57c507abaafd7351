import type { WordNet } from '../../core/wordnet/index.js';

/**
 * The lemma names of a list of synsets, member by member in synset order:
 * the walk behind both lexicons' candidate lists (the table stores what
 * WordNetLexicon computes). Optionally each name once, first seen first,
 * with dedup stamps instead of a Set per walk.
 */
export class SynsetNames {
  /** seen[name] === stamp means already taken in the current walk. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(readonly wn: WordNet) {
    this.seen = new Uint32Array(wn.nameCount);
  }

  /** Pushes the names of `synsets` to `out`, each once when `dedupe`, leaving out members `skip` refuses. */
  collect(synsets: ArrayLike<number>, out: { push(id: number): void }, dedupe: boolean, skip?: (member: number, name: number) => boolean): void {
    const { wn, seen } = this;
    const stamp = ++this.stamp;
    for (let s = 0; s < synsets.length; s++) {
      for (let m = wn.memberStart(synsets[s]), end = wn.memberEnd(synsets[s]); m < end; m++) {
        const name = wn.memberNameId(m);
        if (skip?.(m, name)) continue;
        if (dedupe) {
          if (seen[name] === stamp) continue;
          seen[name] = stamp;
        }
        out.push(name);
      }
    }
  }
}
