import type { WordNet } from '../../core/wordnet/index.js';
import { factClass, type FactClass } from './fact-type.js';

/**
 * How the observed spinner chooses among a token's candidates:
 * - `uniform`: every distinct lemma name equally likely (default);
 * - `senses`: every (synset, lemma) pair equally likely, so a name shared by
 *   many synsets comes up more often (nlpaug's undeduplicated list).
 */
export type NaiveWeighting = 'uniform' | 'senses';

/**
 * The observed spinner's candidates for a raw whitespace token
 * (../shared/observed/synonym-spin.txt, fingerprint in DESIGN.md):
 * every lemma name of every synset that `wn.synsets(token)` returns (NLTK:
 * lowercased, morphy, all POS), other than the token itself, compared as
 * written: the observed spinner turned "a" into "A" (vitamin A), so a
 * case-only change counts as a replacement. No POS filter,
 * no sense choice, no stopwords. A token with punctuation attached finds
 * nothing unless the whole token is a lemma ("U.S."), which is how
 * "talks," stays untouched.
 *
 * Results are name ids (see WordNet.name), memoized per token: running text
 * repeats its words, so the per-token cost is paid about once per type.
 */
export interface NaiveEntry {
  /** Candidate name ids (empty when the token is not eligible). */
  readonly names: Uint32Array;
  /** Which fact the token may state (see fact-type.ts), so most replacements skip that check. */
  readonly factClass: FactClass;
}

export class NaiveCandidates {
  private readonly memo = new Map<string, NaiveEntry>();
  private readonly display: Array<string | undefined> = [];
  /** Dedup stamps by name id: seen[name] === stamp means already taken for the current token. */
  private readonly seen: Uint32Array;
  private stamp = 0;
  private static readonly EMPTY = new Uint32Array(0);
  /** Memo entries kept before the memo is cleared (bounds memory on huge corpora). */
  private static readonly MAX_MEMO = 500_000;

  constructor(
    readonly wn: WordNet,
    readonly weighting: NaiveWeighting = 'uniform',
  ) {
    this.seen = new Uint32Array(wn.nameCount);
  }

  /** Candidates and fact class of a token, memoized. */
  entry(token: string): NaiveEntry {
    let found = this.memo.get(token);
    if (found === undefined) {
      found = { names: this.compute(token), factClass: factClass(token) };
      if (this.memo.size >= NaiveCandidates.MAX_MEMO) this.memo.clear();
      this.memo.set(token, found);
    }
    return found;
  }

  /** Candidate name ids of a token (empty when the token is not eligible). */
  of(token: string): Uint32Array {
    return this.entry(token).names;
  }

  /** A candidate as it goes into the text: WordNet casing, underscores as spaces. */
  text(nameId: number): string {
    let s = this.display[nameId];
    if (s === undefined) {
      s = this.wn.name(nameId).replace(/_/g, ' ');
      this.display[nameId] = s;
    }
    return s;
  }

  private compute(token: string): Uint32Array {
    const wn = this.wn;
    const lower = token.toLowerCase();
    const synsets = wn.synsetIds(lower);
    if (synsets.length === 0) return NaiveCandidates.EMPTY;
    const self = wn.keyId(lower);
    const out: number[] = [];
    const seen = this.seen;
    const stamp = ++this.stamp;
    const dedupe = this.weighting === 'uniform';
    for (const syn of synsets) {
      for (let m = wn.memberStart(syn), end = wn.memberEnd(syn); m < end; m++) {
        const name = wn.memberNameId(m);
        // Only a member spelled like the token (same key) can be the token itself.
        if (self >= 0 && wn.memberKeyId(m) === self && wn.name(name) === token) continue;
        if (dedupe) {
          if (seen[name] === stamp) continue;
          seen[name] = stamp;
        }
        out.push(name);
      }
    }
    return out.length === 0 ? NaiveCandidates.EMPTY : Uint32Array.from(out);
  }
}
