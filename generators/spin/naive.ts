import type { GenerateOptions, GenerateResult } from '../../core/types.js';
import type { WordNet } from '../../core/wordnet/index.js';
import { CodePointIndex } from '../../core/text.js';
import { isSpaceCode } from '../../core/tokenize.js';
import { EditWriter, realizedShare } from '../../core/edits.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { countForIntensity, drawUniforms, rankCut } from '../../core/select.js';
import { FactClass, factClass, naiveFactType } from './fact-type.js';
import { HASH_START, SubstringInterner, hashRange, resized } from './interner.js';

/**
 * How the observed spinner chooses among a token's candidates:
 * - `uniform`: every distinct lemma name equally likely (default);
 * - `senses`: every (synset, lemma) pair equally likely, so a name shared by
 *   many synsets comes up more often (nlpaug's undeduplicated list).
 */
export type NaiveWeighting = 'uniform' | 'senses';

/** What the memo knows about one token. */
export interface NaiveEntry {
  /** The token, as written. */
  readonly token: string;
  /** Candidate name ids (empty when the token is not eligible). */
  readonly names: Uint32Array;
  /** Which fact the token may state (see fact-type.ts), so most replacements skip that check; None when not eligible. */
  readonly factClass: FactClass;
  /** True when the token ends a sentence ("slowly." "it?\""): the next word may be capitalized for that reason alone. */
  readonly endsSentence: boolean;
}

/** The eligible tokens of one text, in order (reused buffers: valid until the next scan). */
export interface EligibleTokens {
  count: number;
  /** UTF-16 start and end of each eligible token. */
  starts: Int32Array;
  ends: Int32Array;
  /** Memo id of each eligible token. */
  ids: Int32Array;
  /** 1 when the token opens the text or follows a token that ends a sentence. */
  sentenceStart: Uint8Array;
}

/** True when a token ends a sentence: `/[.!?]["'”’)]*$/` (closing quotes and brackets may follow the stop), as a char scan. */
function endsSentence(token: string): boolean {
  let i = token.length - 1;
  while (i >= 0 && CLOSERS.includes(token[i])) i--;
  if (i < 0) return false;
  const c = token.charCodeAt(i);
  return c === 46 || c === 33 || c === 63; // . ! ?
}
const CLOSERS = '"\'”’)';

/** Bits of `info[id]`: eligible, ends a sentence, then the fact class. */
const ELIGIBLE = 1;
const ENDS_SENTENCE = 2;
const FACT_SHIFT = 2;

/** Memo ids kept before the memo is cleared (bounds memory on huge corpora; a single text may exceed it). */
const MAX_MEMO = 500_000;

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
 * repeats its words, so the per-token cost is paid about once per type. The
 * memo is struct-of-arrays (an interner's dense token ids index typed
 * arrays and one pool of candidates), so the per-token scan touches no
 * object: at two million words a second, pointer chasing is the cost.
 */
export class NaiveCandidates {
  private readonly tokens = new SubstringInterner();
  /** Per token id: ELIGIBLE | ENDS_SENTENCE | factClass << FACT_SHIFT. */
  private info = new Uint8Array(256);
  /** Candidates of token id: `namePool[nameStart[id] .. nameStart[id + 1])`. */
  private nameStart = new Int32Array(257);
  private namePool = new Uint32Array(4096);
  /** Display string by name id, filled when a name is first chosen (most never are). */
  private readonly display: Array<string | undefined>;
  /** Dedup stamps by name id: seen[name] === stamp means already taken for the current token. */
  private readonly seen: Uint32Array;
  private stamp = 0;
  private readonly scratch: EligibleTokens = { count: 0, starts: new Int32Array(1024), ends: new Int32Array(1024), ids: new Int32Array(1024), sentenceStart: new Uint8Array(1024) };

  constructor(
    readonly wn: WordNet,
    readonly weighting: NaiveWeighting = 'uniform',
  ) {
    this.seen = new Uint32Array(wn.nameCount);
    this.display = new Array<string | undefined>(wn.nameCount);
  }

  /** Candidates and fact class of a token, memoized. */
  entry(token: string): NaiveEntry {
    if (this.tokens.size >= MAX_MEMO) this.clear();
    const hash = hashRange(token);
    let id = this.tokens.find(token, 0, token.length, hash);
    if (id < 0) id = this.add(token, hash);
    const info = this.info[id];
    return {
      token,
      names: this.namePool.slice(this.nameStart[id], this.nameStart[id + 1]),
      factClass: (info >> FACT_SHIFT) as FactClass,
      endsSentence: (info & ENDS_SENTENCE) !== 0,
    };
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

  /**
   * The whitespace tokens of a text that have candidates, found in one
   * char-code scan that hashes each token as it goes (the same tokens as
   * core/tokenize's `whitespace` mode, without a Token object or a string per
   * token). The result's arrays are reused by the next call.
   */
  eligibleTokens(text: string): EligibleTokens {
    if (this.tokens.size >= MAX_MEMO) this.clear();
    const out = this.scratch;
    const tokens = this.tokens;
    const n = text.length;
    let count = 0;
    let afterSentenceEnd = true;
    let i = 0;
    for (;;) {
      let c = 0;
      while (i < n && isSpaceCode((c = text.charCodeAt(i)))) i++;
      if (i >= n) break;
      const start = i;
      let h = HASH_START;
      do {
        h = Math.imul(h ^ c, 0x01000193);
        i++;
      } while (i < n && !isSpaceCode((c = text.charCodeAt(i))));
      let id = tokens.find(text, start, i, h);
      if (id < 0) id = this.add(text.slice(start, i), h);
      const info = this.info[id];
      if ((info & ELIGIBLE) !== 0) {
        if (count === out.starts.length) grow(out);
        out.starts[count] = start;
        out.ends[count] = i;
        out.ids[count] = id;
        out.sentenceStart[count] = afterSentenceEnd ? 1 : 0;
        count++;
      }
      afterSentenceEnd = (info & ENDS_SENTENCE) !== 0;
    }
    out.count = count;
    return out;
  }

  /**
   * The naive spin of a text (see synonym-spin.ts): the k eligible tokens
   * with the smallest selection draws are replaced, each by the candidate its
   * own choice draw picks. Both draw sequences run over all eligible tokens
   * in order, so a token keeps its replacement at every intensity that
   * selects it.
   */
  spin(text: string, { intensity, seed }: GenerateOptions): GenerateResult {
    const { count, starts, ends, ids, sentenceStart } = this.eligibleTokens(text);
    const k = countForIntensity(count, intensity);
    if (k === 0) return { text, edits: [], requestedIntensity: intensity, realizedIntensity: 0, eligible: count };
    const selection = drawUniforms(count, createRng(seed));
    const choice = drawUniforms(count, createRng(deriveSeed(seed, 'synonym-choice')));
    // Unit e is selected when its draw is below the cut, or equal to it and among the first `ties` such.
    const cut = k < count ? rankCut(selection, k) : undefined;
    const value = cut === undefined ? Infinity : cut.value;
    let ties = cut === undefined ? count : cut.ties;
    const { wn, info, nameStart, namePool, display } = this;
    const index = new CodePointIndex(text);
    const writer = new EditWriter(index);
    let replaced = 0;
    for (let e = 0; e < count; e++) {
      const d = selection[e];
      if (!(d < value || (d === value && ties-- > 0))) continue;
      const id = ids[e];
      const from = nameStart[id];
      const name = namePool[from + Math.floor(choice[e] * (nameStart[id + 1] - from))];
      const after = display[name] ?? this.text(name);
      const cls = (info[id] >> FACT_SHIFT) as FactClass;
      const fact = cls === FactClass.None ? undefined : naiveFactType(wn, cls, this.tokens.key(id), after, sentenceStart[e] === 1);
      writer.replace(index.toCodePoint(starts[e]), index.toCodePoint(ends[e]), after, 'synonym', fact);
      replaced++;
    }
    const { text: out, edits } = writer.finish();
    return { text: out, edits, requestedIntensity: intensity, realizedIntensity: realizedShare(replaced, count), eligible: count };
  }

  /** Memoizes a token the interner does not know yet; returns its id. */
  private add(token: string, hash: number): number {
    const id = this.tokens.add(token, hash);
    if (id >= this.info.length) this.info = resized(this.info, this.info.length * 2);
    if (id + 2 > this.nameStart.length) this.nameStart = resized(this.nameStart, this.nameStart.length * 2);
    const from = this.nameStart[id];
    const count = this.compute(token, from);
    this.nameStart[id + 1] = from + count;
    const ends = endsSentence(token) ? ENDS_SENTENCE : 0;
    // Only an eligible token is ever replaced, so only its fact class matters.
    this.info[id] = count > 0 ? ELIGIBLE | ends | (factClass(token) << FACT_SHIFT) : ends;
    return id;
  }

  private clear(): void {
    this.tokens.clear();
    this.nameStart[0] = 0;
  }

  /** Writes the candidate name ids of a token into namePool from `at`; returns how many. */
  private compute(token: string, at: number): number {
    const wn = this.wn;
    const lower = token.toLowerCase();
    const synsets = wn.synsetIds(lower);
    if (synsets.length === 0) return 0;
    const self = wn.keyId(lower);
    const seen = this.seen;
    const stamp = ++this.stamp;
    const dedupe = this.weighting === 'uniform';
    let n = at;
    for (const syn of synsets) {
      for (let m = wn.memberStart(syn), end = wn.memberEnd(syn); m < end; m++) {
        const name = wn.memberNameId(m);
        // Only a member spelled like the token (same key) can be the token itself.
        if (self >= 0 && wn.memberKeyId(m) === self && wn.nameIs(name, token)) continue;
        if (dedupe) {
          if (seen[name] === stamp) continue;
          seen[name] = stamp;
        }
        if (n === this.namePool.length) this.namePool = resized(this.namePool, n * 2);
        this.namePool[n++] = name;
      }
    }
    return n - at;
  }
}

function grow(t: EligibleTokens): void {
  const size = t.starts.length * 2;
  t.starts = resized(t.starts, size);
  t.ends = resized(t.ends, size);
  t.ids = resized(t.ids, size);
  t.sentenceStart = resized(t.sentenceStart, size);
}
