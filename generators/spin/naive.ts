import type { FactType, GenerateOptions, GenerateResult } from '../../core/types.js';
import { CodePointIndex } from '../../core/text.js';
import { isSpaceCode } from '../../core/tokenize.js';
import { EditWriter, realizedShare, withLazyEdits } from '../../core/edits.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { countForIntensity, drawUniforms, rankCut } from '../../core/select.js';
import { FactClass, factClass, naiveFactType } from './fact-type.js';
import { HASH_START, SubstringInterner, hashRange, resized } from './interner.js';
import { NamePool, type NaiveLexicon } from './naive-lexicon.js';

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
 * The observed spinner (candidates from a NaiveLexicon, see
 * naive-lexicon.ts), memoized per token: running text repeats its words, so
 * the per-token cost is paid about once per type. The memo is
 * struct-of-arrays (an interner's dense token ids index typed arrays and
 * one pool of candidates), so the per-token scan touches no object: at two
 * million words a second, pointer chasing is the cost.
 */
export class NaiveCandidates {
  private readonly tokens = new SubstringInterner();
  /** Per token id: ELIGIBLE | ENDS_SENTENCE | factClass << FACT_SHIFT. */
  private info = new Uint8Array(256);
  /** Candidates of token id: `pool.ids[nameStart[id] .. nameStart[id + 1])`. */
  private nameStart = new Int32Array(257);
  private readonly pool = new NamePool();
  /** Display string by name id, filled when a name is first chosen (most never are). */
  private readonly display: Array<string | undefined>;
  private readonly scratch: EligibleTokens = { count: 0, starts: new Int32Array(1024), ends: new Int32Array(1024), ids: new Int32Array(1024), sentenceStart: new Uint8Array(1024) };

  constructor(readonly lexicon: NaiveLexicon) {
    this.display = new Array<string | undefined>(lexicon.nameCount);
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
      names: this.pool.ids.slice(this.nameStart[id], this.nameStart[id + 1]),
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
      s = this.lexicon.name(nameId);
      if (s.includes('_')) s = s.replace(/_/g, ' ');
      this.display[nameId] = s;
    }
    return s;
  }

  /**
   * The whitespace tokens of a text that have candidates (the same tokens as
   * core/tokenize's `whitespace` mode, without a Token object or a string
   * per token). Two passes, each a small loop the JIT optimizes within the
   * first thousands of tokens: one char-code scan finds and hashes every
   * token, then each is looked up in the memo. The result's arrays are
   * reused by the next call.
   */
  eligibleTokens(text: string): EligibleTokens {
    if (this.tokens.size >= MAX_MEMO) this.clear();
    const out = this.scratch;
    // A text of n code units has at most n / 2 + 1 tokens: size once, so neither pass grows an array.
    const bound = (text.length >> 1) + 1;
    if (out.starts.length < bound) {
      out.starts = new Int32Array(bound);
      out.ends = new Int32Array(bound);
      out.ids = new Int32Array(bound);
      out.sentenceStart = new Uint8Array(bound);
    }
    const { starts, ends, ids, sentenceStart } = out;
    // ids holds each token's hash until its memo id replaces it.
    const total = scanTokens(text, starts, ends, ids);
    const tokens = this.tokens;
    const known = tokens.size;
    tokens.reserve(Math.min(known + (total >> 2), MAX_MEMO));
    for (let t = 0; t < total; t++) {
      const id = tokens.find(text, starts[t], ends[t], ids[t]);
      ids[t] = id >= 0 ? id : tokens.add(text.slice(starts[t], ends[t]), ids[t]);
    }
    // New tokens are described after the lookups, in a loop of their own: each loop stays small enough
    // for the JIT to optimize early in a one-shot run.
    for (let id = known; id < tokens.size; id++) this.describe(id);
    const info = this.info;
    let count = 0;
    let afterSentenceEnd = true;
    for (let t = 0; t < total; t++) {
      const id = ids[t];
      const bits = info[id];
      // Eligible tokens are packed to the front of the same arrays: count <= t, so nothing unread is overwritten.
      if ((bits & ELIGIBLE) !== 0) {
        starts[count] = starts[t];
        ends[count] = ends[t];
        ids[count] = id;
        sentenceStart[count] = afterSentenceEnd ? 1 : 0;
        count++;
      }
      afterSentenceEnd = (bits & ENDS_SENTENCE) !== 0;
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
    // Phases in loops of their own (select, choose, spell, fact-check, write): small loops the JIT
    // optimizes early, which is most of the cost of a one-shot run on a long text.
    const picked = new Int32Array(k);
    let n = 0;
    for (let e = 0; e < count && n < k; e++) {
      const d = selection[e];
      if (d < value || (d === value && ties-- > 0)) picked[n++] = e;
    }
    const { nameStart, info } = this;
    const pool = this.pool.ids;
    const names = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const id = ids[picked[j]];
      const from = nameStart[id];
      names[j] = pool[from + Math.floor(choice[picked[j]] * (nameStart[id + 1] - from))];
    }
    const afters = new Array<string>(n);
    const display = this.display;
    for (let j = 0; j < n; j++) afters[j] = display[names[j]] ?? this.text(names[j]);
    const facts = new Map<number, FactType>();
    for (let j = 0; j < n; j++) {
      const id = ids[picked[j]];
      const cls = (info[id] >> FACT_SHIFT) as FactClass;
      if (cls === FactClass.None) continue;
      const fact = naiveFactType(this.lexicon, cls, this.tokens.key(id), afters[j], names[j], sentenceStart[picked[j]] === 1);
      if (fact !== undefined) facts.set(j, fact);
    }
    const from16 = new Int32Array(n);
    const to16 = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      from16[j] = starts[picked[j]];
      to16[j] = ends[picked[j]];
    }
    const writer = new EditWriter(new CodePointIndex(text));
    writer.replaceMany(n, from16, to16, afters, 'synonym', facts);
    return withLazyEdits(
      { text: writer.output(), edits: [], requestedIntensity: intensity, realizedIntensity: realizedShare(n, count), eligible: count },
      () => writer.edits(),
    );
  }

  /** Memoizes a token the interner does not know yet; returns its id. */
  private add(token: string, hash: number): number {
    const id = this.tokens.add(token, hash);
    this.describe(id);
    return id;
  }

  /** Fills the memo's candidates and info for a token the interner has just added. */
  private describe(id: number): void {
    const token = this.tokens.key(id);
    if (id >= this.info.length) this.info = resized(this.info, Math.max(this.info.length * 2, id + 1));
    if (id + 2 > this.nameStart.length) this.nameStart = resized(this.nameStart, Math.max(this.nameStart.length * 2, id + 2));
    const from = this.nameStart[id];
    this.pool.length = from;
    this.lexicon.candidates(token, this.pool);
    const count = this.pool.length - from;
    this.nameStart[id + 1] = this.pool.length;
    const ends = endsSentence(token) ? ENDS_SENTENCE : 0;
    // Only an eligible token is ever replaced, so only its fact class matters.
    this.info[id] = count > 0 ? ELIGIBLE | ends | (factClass(token) << FACT_SHIFT) : ends;
  }

  private clear(): void {
    this.tokens.clear();
    this.nameStart[0] = 0;
  }
}

/**
 * Finds the whitespace tokens of a text: their UTF-16 starts and ends and
 * the hashRange of each (computed while looking for its end), into arrays
 * long enough for every token. Returns how many.
 */
function scanTokens(text: string, starts: Int32Array, ends: Int32Array, hashes: Int32Array): number {
  const n = text.length;
  let count = 0;
  let i = 0;
  for (;;) {
    let c = 0;
    while (i < n && isSpaceCode((c = text.charCodeAt(i)))) i++;
    if (i >= n) break;
    starts[count] = i;
    let h = HASH_START;
    do {
      h = Math.imul(h ^ c, 0x01000193);
      i++;
    } while (i < n && !isSpaceCode((c = text.charCodeAt(i))));
    ends[count] = i;
    hashes[count] = h;
    count++;
  }
  return count;
}
