import type { WordNet } from '../../core/wordnet/index.js';
import { wordNetNameFacts, type ExactName, type NameFacts } from './fact-type.js';
import type { NaiveTable } from './naive-table.js';
import { SynsetNames } from './synset-names.js';

/**
 * How the observed spinner chooses among a token's candidates:
 * - `uniform`: every distinct lemma name equally likely (default);
 * - `senses`: every (synset, lemma) pair equally likely, so a name shared by
 *   many synsets comes up more often (nlpaug's undeduplicated list).
 */
export type NaiveWeighting = 'uniform' | 'senses';

/**
 * Where the naive spinner gets a token's candidates and the facts about
 * names (../shared/observed/synonym-spin.txt, fingerprint in DESIGN.md):
 * every lemma name of every synset that `wn.synsets(token)` returns (NLTK:
 * lowercased, morphy, all POS), other than the token itself, compared as
 * written: the observed spinner turned "a" into "A" (vitamin A), so a
 * case-only change counts as a replacement. No POS filter, no sense
 * choice, no stopwords. A token with punctuation attached finds nothing
 * unless the whole token is a lemma ("U.S."), which is how "talks," stays
 * untouched.
 *
 * Two implementations give the same answers (naive-lexicon.test.ts):
 * WordNetLexicon computes them from the index, TableLexicon reads them from
 * the precomputed naive-spin table.
 */
export interface NaiveLexicon extends NameFacts {
  /** Number of lemma names (name ids run 0 .. nameCount - 1). */
  readonly nameCount: number;
  /** Appends the candidate name ids of a raw whitespace token to `pool`, in order (none when the token is not eligible). */
  candidates(token: string, pool: NamePool): void;
  /** A lemma name as WordNet spells it (underscores kept). */
  name(id: number): string;
}

/** A growing list of name ids: the spinner keeps every token's candidates end to end in one. */
export class NamePool {
  ids = new Uint32Array(4096);
  length = 0;

  push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Uint32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }
}

/** Candidates computed from the WordNet index: either weighting. */
export class WordNetLexicon implements NaiveLexicon {
  private readonly names: SynsetNames;
  private readonly facts: NameFacts;

  constructor(
    readonly wn: WordNet,
    readonly weighting: NaiveWeighting = 'uniform',
  ) {
    this.names = new SynsetNames(wn);
    this.facts = wordNetNameFacts(wn);
  }

  get nameCount(): number {
    return this.wn.nameCount;
  }

  candidates(token: string, pool: NamePool): void {
    const wn = this.wn;
    const lower = token.toLowerCase();
    const synsets = wn.synsetIds(lower);
    if (synsets.length === 0) return;
    const self = wn.keyId(lower);
    // Only a member spelled like the token (same key) can be the token itself.
    const isSelf = self < 0 ? undefined : (member: number, name: number) => wn.memberKeyId(member) === self && wn.nameIs(name, token);
    this.names.collect(synsets, pool, this.weighting === 'uniform', isSelf);
  }

  name(id: number): string {
    return this.wn.name(id);
  }

  exactName(token: string): ExactName | undefined {
    return this.facts.exactName(token);
  }
}

/** Candidates read from the naive-spin table (uniform weighting only): no WordNet index needed. */
export class TableLexicon implements NaiveLexicon {
  constructor(readonly table: NaiveTable) {}

  get nameCount(): number {
    return this.table.nameCount;
  }

  candidates(token: string, pool: NamePool): void {
    const table = this.table;
    const form = table.formOf(token);
    // An unlisted form is never an index lemma, so it cannot be the token itself.
    if (form < 0) return table.deepCandidates(token, pool);
    const list = table.listOf(form);
    // The token itself is a candidate only when it is spelled like one of its lemma's names ("a" is, "A" is not).
    const lemma = table.isLemma(form);
    for (let i = table.listStart(list), end = table.listEnd(list); i < end; i++) {
      const name = table.listName(i);
      if (!lemma || !table.nameIs(name, token)) pool.push(name);
    }
  }

  name(id: number): string {
    return this.table.name(id);
  }

  exactName(token: string): ExactName | undefined {
    return this.table.exactName(token);
  }
}
