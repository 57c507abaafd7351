import type { Edit, FactType, GenerateOptions, GenerateResult } from '../../core/types.js';
import { CodePointIndex } from '../../core/text.js';
import { isSpaceCode } from '../../core/tokenize.js';
import { EditWriter, realizedShare, unitsToString, withLazyEdits } from '../../core/edits.js';
import { createRng, deriveSeed, type Rng } from '../../core/rng.js';
import { countForIntensity, rankCut } from '../../core/select.js';
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

/** Average source code units between replacements above which the output is concatenated from slices (as EditWriter does). */
const SPARSE_GAP = 64;
/** Output buffer (code units) and draw buffers (eligible tokens) a spinner keeps between calls; larger ones are dropped after the call. */
const MAX_KEPT_UNITS = 1 << 20;
const MAX_KEPT_DRAWS = 1 << 17;
/** Eligible-token arrays kept between calls. */
const MAX_KEPT_TOKENS = 1 << 17;
/** Tokens scanned and looked up at a time. */
const SCAN_CHUNK = 1 << 14;

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
  private drawBuffer = new Float64Array(1024);
  private units = new Uint16Array(8192);
  /** One chunk of the scan: every token's start, end and hash (then memo id). */
  private readonly chunk = { starts: new Int32Array(SCAN_CHUNK), ends: new Int32Array(SCAN_CHUNK), ids: new Int32Array(SCAN_CHUNK) };
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
    const chunk = this.chunk;
    const tokens = this.tokens;
    let count = 0;
    let afterSentenceEnd = true;
    // A chunk of tokens at a time, so a huge input holds arrays for its eligible tokens only, never for all.
    for (let from = 0; ; ) {
      // ids holds each token's hash until its memo id replaces it.
      const total = scanTokens(text, from, 0, chunk.starts, chunk.ends, chunk.ids);
      if (total === 0) break;
      const { starts, ends, ids } = chunk;
      const known = tokens.size;
      tokens.reserve(Math.min(known + (total >> 2), MAX_MEMO));
      for (let t = 0; t < total; t++) {
        const id = tokens.find(text, starts[t], ends[t], ids[t]);
        ids[t] = id >= 0 ? id : tokens.add(text.slice(starts[t], ends[t]), ids[t]);
      }
      // New tokens are described after the lookups, in a loop of their own: each loop stays small enough
      // for the JIT to optimize early in a one-shot run.
      for (let id = known; id < tokens.size; id++) this.describe(id);
      if (out.starts.length < count + total) this.growScratch(Math.max(count + total, Math.floor(out.starts.length * 1.5)));
      const info = this.info;
      const { starts: eStarts, ends: eEnds, ids: eIds, sentenceStart } = out;
      for (let t = 0; t < total; t++) {
        const id = ids[t];
        const bits = info[id];
        if ((bits & ELIGIBLE) !== 0) {
          eStarts[count] = starts[t];
          eEnds[count] = ends[t];
          eIds[count] = id;
          sentenceStart[count] = afterSentenceEnd ? 1 : 0;
          count++;
        }
        afterSentenceEnd = (bits & ENDS_SENTENCE) !== 0;
      }
      if (total < starts.length) break;
      from = ends[total - 1];
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
    const selection = this.draws(count);
    fillUniforms(selection, count, createRng(seed));
    // Choice draws are taken as the walk reaches each eligible token (the e-th draw is token e's): no array.
    const choose = createRng(deriveSeed(seed, 'synonym-choice'));
    // Unit e is selected when its draw is below the cut, or equal to it and among the first `ties` such.
    const cut = k < count ? rankCut(selection, k) : undefined;
    const value = cut === undefined ? Infinity : cut.value;
    let ties = cut === undefined ? count : cut.ties;
    // One compact record per replacement, (start, end, name id, sentence start) in UTF-16 offsets: all the
    // edits need, built later only if read (facts included), so a caller that prints the text allocates
    // no Edit, no writer and no string per replacement. Phases in loops of their own: small loops the JIT
    // optimizes early, which is most of the cost of a one-shot run on a long text.
    const record = new Int32Array(4 * k);
    const { nameStart } = this;
    const pool = this.pool.ids;
    let n = 0;
    for (let e = 0; e < count && n < k; e++) {
      const d = selection[e];
      const u = choose();
      if (d < value || (d === value && ties-- > 0)) {
        const id = ids[e];
        const from = nameStart[id];
        record[4 * n] = starts[e];
        record[4 * n + 1] = ends[e];
        record[4 * n + 2] = pool[from + Math.floor(u * (nameStart[id + 1] - from))];
        record[4 * n + 3] = sentenceStart[e];
        n++;
      }
    }
    if (this.scratch.starts.length > MAX_KEPT_TOKENS) this.releaseScratch();
    return withLazyEdits(
      { text: this.write(text, record, n), edits: [], requestedIntensity: intensity, realizedIntensity: realizedShare(n, count), eligible: count },
      () => this.edits(text, record, n),
    );
  }

  /**
   * The source with each recorded replacement applied (what EditWriter.output gives for them), copied
   * unit by unit into a buffer reused between calls and decoded once; a sparse spin of a long text
   * (few replacements far apart) concatenates slices instead, so untouched text is not copied twice.
   */
  private write(text: string, record: Int32Array, n: number): string {
    const display = this.display;
    let size = text.length;
    for (let j = 0; j < n; j++) size += (display[record[4 * j + 2]] ?? this.text(record[4 * j + 2])).length - (record[4 * j + 1] - record[4 * j]);
    if (text.length > SPARSE_GAP * (n + 1)) {
      let out = '';
      let cursor = 0;
      for (let j = 0; j < n; j++) {
        if (record[4 * j] > cursor) out += text.slice(cursor, record[4 * j]);
        out += display[record[4 * j + 2]]!;
        cursor = record[4 * j + 1];
      }
      return out + text.slice(cursor);
    }
    // Kept between calls up to a bound: a document's worth is reused, a huge input's is not held after it.
    let units = this.units;
    if (units.length < size) {
      units = new Uint16Array(Math.max(size, 2 * units.length));
      if (units.length <= MAX_KEPT_UNITS) this.units = units;
    }
    let w = 0;
    let cursor = 0;
    for (let j = 0; j < n; j++) {
      for (let i = cursor, to = record[4 * j]; i < to; i++) units[w++] = text.charCodeAt(i);
      const after = display[record[4 * j + 2]]!;
      for (let i = 0; i < after.length; i++) units[w++] = after.charCodeAt(i);
      cursor = record[4 * j + 1];
    }
    for (let i = cursor; i < text.length; i++) units[w++] = text.charCodeAt(i);
    return unitsToString(units, w);
  }

  /** The Edits of recorded replacements, through EditWriter (spans, before, fact types), when first read. */
  private edits(text: string, record: Int32Array, n: number): Edit[] {
    const from16 = new Int32Array(n);
    const to16 = new Int32Array(n);
    const afters = new Array<string>(n);
    let facts: Map<number, FactType> | undefined;
    for (let j = 0; j < n; j++) {
      const start = (from16[j] = record[4 * j]);
      const end = (to16[j] = record[4 * j + 1]);
      const name = record[4 * j + 2];
      const after = (afters[j] = this.text(name));
      // The token is read back from the text, not the memo, which may have been cleared since.
      const token = text.slice(start, end);
      const cls = factClass(token);
      if (cls === FactClass.None) continue;
      const fact = naiveFactType(this.lexicon, cls, token, after, name, record[4 * j + 3] === 1);
      if (fact !== undefined) (facts ??= new Map()).set(j, fact);
    }
    const writer = new EditWriter(new CodePointIndex(text));
    writer.replaceMany(n, from16, to16, afters, 'synonym', facts);
    return writer.edits();
  }

  /** The selection draws' buffer for `count` eligible tokens, exactly that long (rankCut reads its length): reused between calls up to a bound, fresh above it. */
  private draws(count: number): Float64Array {
    if (count > MAX_KEPT_DRAWS) return new Float64Array(count);
    if (this.drawBuffer.length < count) this.drawBuffer = new Float64Array(Math.min(MAX_KEPT_DRAWS, Math.max(count, 2 * this.drawBuffer.length)));
    return count === this.drawBuffer.length ? this.drawBuffer : this.drawBuffer.subarray(0, count);
  }

  /** Drops scan arrays grown for a huge input (the spin is done with them). */
  private releaseScratch(): void {
    const out = this.scratch;
    out.starts = new Int32Array(1024);
    out.ends = new Int32Array(1024);
    out.ids = new Int32Array(1024);
    out.sentenceStart = new Uint8Array(1024);
  }

  /** Makes the eligible-token arrays hold `size` tokens, keeping what they hold. */
  private growScratch(size: number): void {
    const out = this.scratch;
    out.starts = resized(out.starts, size);
    out.ends = resized(out.ends, size);
    out.ids = resized(out.ids, size);
    out.sentenceStart = resized(out.sentenceStart, size);
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
 * Finds the whitespace tokens of a text from UTF-16 offset `from`: their
 * starts and ends and the hashRange of each (computed while looking for its
 * end), written from index `count` on until the arrays are full. Returns
 * the count then; the caller grows the arrays and goes on from the last end
 * when it equals their length.
 */
function scanTokens(text: string, from: number, count: number, starts: Int32Array, ends: Int32Array, hashes: Int32Array): number {
  const n = text.length;
  const capacity = starts.length;
  let i = from;
  while (count < capacity) {
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

/** Fills `draws[0 .. count)` with the next `count` uniforms of `rng`, in order (drawUniforms into a reused buffer). */
function fillUniforms(draws: Float64Array, count: number, rng: Rng): void {
  for (let i = 0; i < count; i++) draws[i] = rng();
}

