import { decodeSections, NO_ID, POS_ORDER, spelledAs, StringTable, SYNSET_TYPES, type Pos, type SectionArrays, type SynsetType } from './format.js';
import { morphyKeys, type MorphySource } from './morphy.js';

/** A WordNet synset, decoded on first use. */
export interface Synset {
  /** Dense id inside this index (stable for one index file, not across WordNet versions). */
  readonly id: number;
  /** WordNet's byte offset in its data file: with `pos`, WordNet's own synset identity. */
  readonly offset: number;
  /** `n`, `v`, `a`, `s` (adjective satellite) or `r`. */
  readonly pos: SynsetType;
  /** Lexicographer file number (e.g. 18 = noun.person, 15 = noun.location). */
  readonly lexFile: number;
  /** Lemma names as WordNet spells them: casing and underscores kept ("Hoosier_State"). */
  readonly lemmas: readonly string[];
}

const POS_INDEX: Record<Pos, number> = { n: 0, v: 1, a: 2, r: 3 };

/**
 * Read-only WordNet 3.1 over the packed index. Lookups by word lowercase the
 * word and apply morphy per POS, like NLTK's `wn.synsets(word)`; results
 * come in NLTK's order: noun, verb, adjective (satellites included), adverb,
 * each in index (sense frequency) order.
 *
 * Get one with `loadWordNet()` (core/wordnet/index.ts); the constructor is
 * for tests and tools that hold the packed buffer themselves.
 */
export class WordNet implements MorphySource {
  private readonly s: SectionArrays;
  private readonly keys: StringTable;
  private readonly excForms: StringTable;
  private readonly nameCache: Array<string | undefined>;
  private readonly synsetCache: Array<Synset | undefined>;
  /** The name bytes as a Buffer (a view, no copy), for native Latin-1 decoding. */
  private readonly nameBuffer: Buffer;

  constructor(packed: Buffer) {
    this.s = decodeSections(packed);
    this.keys = new StringTable(this.s.keyBytes, this.s.keyStart, this.s.keyTable);
    this.excForms = new StringTable(this.s.excBytes, this.s.excStart, this.s.excTable);
    this.nameCache = new Array(this.s.nameStart.length - 1);
    this.nameBuffer = Buffer.from(this.s.nameBytes.buffer, this.s.nameBytes.byteOffset, this.s.nameBytes.byteLength);
    this.synsetCache = new Array(this.s.synOffset.length);
  }

  /** Number of synsets. */
  get synsetCount(): number {
    return this.s.synOffset.length;
  }

  /** Number of distinct lemma names (name ids run from 0 to nameCount - 1). */
  get nameCount(): number {
    return this.s.nameStart.length - 1;
  }

  /** Number of index lemmas (distinct lowercase lemma keys). */
  get lemmaCount(): number {
    return this.keys.size;
  }

  // ---- word-level API -------------------------------------------------

  /** Synsets of a word over all POS (or one), through morphy, in NLTK's order. */
  synsetsOf(word: string, pos?: Pos): readonly Synset[] {
    return this.synsetIds(word, pos).map((id) => this.synset(id));
  }

  /** All lemma names of all synsets of a word, deduplicated, first seen first (underscores kept). */
  lemmaNames(word: string, pos?: Pos): string[] {
    const seen = new Set<number>();
    const out: string[] = [];
    for (const syn of this.synsetIds(word, pos)) {
      for (let m = this.s.synMemberStart[syn]; m < this.s.synMemberStart[syn + 1]; m++) {
        const n = this.s.memberName[m];
        if (!seen.has(n)) {
          seen.add(n);
          out.push(this.name(n));
        }
      }
    }
    return out;
  }

  /**
   * Antonyms of a word: lemma names reached by `!` pointers from the word's
   * own lemmas (the morphy bases of the word) in its synsets, deduplicated.
   */
  antonyms(word: string, pos?: Pos): string[] {
    const out: string[] = [];
    for (const [key, p] of this.bases(word, pos)) {
      for (let i = this.s.keySynStart[key * 4 + p]; i < this.s.keySynStart[key * 4 + p + 1]; i++) {
        const syn = this.s.keySyn[i];
        const first = this.s.synMemberStart[syn];
        for (let a = this.s.synAntStart[syn]; a < this.s.synAntStart[syn + 1]; a++) {
          const src = this.s.antonym[a * 3];
          if (this.s.memberKey[first + src] !== key) continue;
          const target = this.s.antonym[a * 3 + 1];
          const name = this.name(this.s.memberName[this.s.synMemberStart[target] + this.s.antonym[a * 3 + 2]]);
          if (!out.includes(name)) out.push(name);
        }
      }
    }
    return out;
  }

  /** True when the word, as written (lowercased, spaces as underscores), is a WordNet lemma of any POS. No morphy. */
  isLemma(word: string): boolean {
    return this.keys.find(normalize(word)) >= 0;
  }

  /**
   * Base forms of a word that are WordNet lemmas (underscores kept), for one
   * POS or all of them in NLTK's order, deduplicated. Unlike NLTK's
   * `wn.morphy`, which returns the first only, this returns every one.
   */
  morphy(word: string, pos?: Pos): string[] {
    const out: string[] = [];
    for (const [key] of this.bases(word, pos)) {
      const form = this.keys.get(key);
      if (!out.includes(form)) out.push(form);
    }
    return out;
  }

  /** A synset by dense id (memoized). */
  synset(id: number): Synset {
    let syn = this.synsetCache[id];
    if (syn === undefined) {
      const lemmas: string[] = [];
      for (let m = this.s.synMemberStart[id]; m < this.s.synMemberStart[id + 1]; m++) lemmas.push(this.name(this.s.memberName[m]));
      syn = Object.freeze({ id, offset: this.s.synOffset[id], pos: SYNSET_TYPES[this.s.synType[id]], lexFile: this.s.synLex[id], lemmas: Object.freeze(lemmas) });
      this.synsetCache[id] = syn;
    }
    return syn;
  }

  // ---- low-level API (ids, no allocation per member), for hot loops ----

  /** Synset ids of a word (lowercased, morphy, NLTK order), optionally one POS only. */
  synsetIds(word: string, pos?: Pos): number[] {
    const lower = normalize(word);
    const out: number[] = [];
    if (!this.mayBeIndexed(lower)) return out;
    const self = this.keys.find(lower);
    const exception = this.excForms.find(lower);
    for (let p = 0; p < 4; p++) {
      if (pos !== undefined && p !== POS_INDEX[pos]) continue;
      for (const key of morphyKeys(lower, p, this, self, exception)) {
        const keySynStart = this.s.keySynStart;
        for (let i = keySynStart[key * 4 + p]; i < keySynStart[key * 4 + p + 1]; i++) out.push(this.s.keySyn[i]);
      }
    }
    return out;
  }

  /** (key id, POS index) pairs of the morphy bases of a word, in NLTK order. */
  private bases(word: string, pos?: Pos): Array<[key: number, pos: number]> {
    const lower = normalize(word);
    const out: Array<[number, number]> = [];
    if (!this.mayBeIndexed(lower)) return out;
    const self = this.keys.find(lower);
    const exception = this.excForms.find(lower);
    for (let p = 0; p < 4; p++) {
      if (pos !== undefined && p !== POS_INDEX[pos]) continue;
      for (const key of morphyKeys(lower, p, this, self, exception)) out.push([key, p]);
    }
    return out;
  }

  /**
   * Senses of a lemma key for one POS index (0 n, 1 v, 2 a, 3 r): synset ids
   * in sense order and their SemCor tag counts (index.sense), for
   * first-sense or frequency-weighted choices.
   */
  senses(key: number, pos: number): { synsets: Uint32Array; tagCounts: Uint16Array } {
    const from = this.s.keySynStart[key * 4 + pos];
    const to = this.s.keySynStart[key * 4 + pos + 1];
    return { synsets: this.s.keySyn.subarray(from, to), tagCounts: this.s.keySynTags.subarray(from, to) };
  }

  /** Key id of a lowercase lemma exactly as indexed (underscores), or -1. */
  keyId(lemma: string): number {
    return this.keys.find(lemma);
  }

  /** The lowercase lemma of a key id. */
  key(id: number): string {
    return this.keys.get(id);
  }

  /** Morphy bases of a lowercase form for one POS index (0 n, 1 v, 2 a, 3 r), as key ids. */
  morphyKeys(lowerForm: string, pos: number): number[] {
    return morphyKeys(lowerForm, pos, this);
  }

  /** Number of morphy exception forms (inflected forms listed in the .exc files). */
  get exceptionCount(): number {
    return this.excForms.size;
  }

  /** An exception form by id (0 .. exceptionCount - 1). */
  exceptionForm(id: number): string {
    return this.excForms.get(id);
  }

  /** 256 flags: byte b occurs in some index lemma or exception form (a form with another character is no lemma, whatever morphy strips). */
  lemmaCharFlags(): Uint8Array {
    return this.s.lemmaChars;
  }

  /** The lemma names as stored: Latin-1 bytes, name id `i` at `bytes[start[i] .. start[i + 1])` (views, for caches built from this index). */
  nameSection(): { bytes: Uint8Array; start: Uint32Array } {
    return { bytes: this.s.nameBytes, start: this.s.nameStart };
  }

  /** Member index range `[start, end)` of a synset (members are its lemmas in order). */
  memberStart(synset: number): number {
    return this.s.synMemberStart[synset];
  }
  memberEnd(synset: number): number {
    return this.s.synMemberStart[synset + 1];
  }
  /** Name id of a member (its lemma as WordNet spells it). */
  memberNameId(member: number): number {
    return this.s.memberName[member];
  }
  /** Key id of a member's lowercased lemma, or -1 when it is no index lemma. */
  memberKeyId(member: number): number {
    const k = this.s.memberKey[member];
    return k === NO_ID ? -1 : k;
  }
  /** SemCor tag count of a member's sense. */
  memberTagCount(member: number): number {
    return this.s.memberTags[member];
  }
  /** Lexicographer file number of a synset. */
  lexFile(synset: number): number {
    return this.s.synLex[synset];
  }
  /** Synset type of a synset. */
  synsetType(synset: number): SynsetType {
    return SYNSET_TYPES[this.s.synType[synset]];
  }
  /** A lemma name by name id, as WordNet spells it (memoized). */
  name(id: number): string {
    let n = this.nameCache[id];
    if (n === undefined) {
      n = this.decodeName(id);
      this.nameCache[id] = n;
    }
    return n;
  }

  /** True when name id `id` is spelled exactly `text` (compares the stored bytes; decodes nothing). */
  nameIs(id: number, text: string): boolean {
    return spelledAs(this.s.nameBytes, this.s.nameStart, id, text);
  }

  // ---- MorphySource ----------------------------------------------------

  /** @internal */
  keyOf(form: string): number {
    return this.keys.find(form);
  }
  /** @internal */
  keyHasPos(key: number, pos: number): boolean {
    return this.s.keySynStart[key * 4 + pos + 1] > this.s.keySynStart[key * 4 + pos];
  }
  /** @internal */
  keyOfJoined(form: string, prefixLength: number, suffix: string): number {
    return this.keys.findJoined(form, prefixLength, suffix);
  }
  /** @internal */
  exceptionOf(form: string): number {
    return this.excForms.find(form);
  }
  /** @internal */
  exceptionBasesOf(entry: number, pos: number): ArrayLike<number> | undefined {
    const from = this.s.excBaseStart[entry * 4 + pos];
    const to = this.s.excBaseStart[entry * 4 + pos + 1];
    return to > from ? this.s.excBase.subarray(from, to) : undefined;
  }

  /**
   * False when a lowercase form has a character that no index lemma and no
   * exception form has ("talks," "(AP)" "1960s'"): morphy's rules only strip
   * letter suffixes, so no base of such a form can be a lemma, and the
   * lookup is skipped. A quarter of the distinct tokens of running text end
   * here, at a table probe per character instead of four morphy passes.
   */
  private mayBeIndexed(lower: string): boolean {
    const chars = this.s.lemmaChars;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      if (c > 0xff || chars[c] === 0) return false;
    }
    return true;
  }

  private decodeName(id: number): string {
    // One native Latin-1 decode: ~3x cheaper than building the string a byte at a time.
    return this.nameBuffer.toString('latin1', this.s.nameStart[id], this.s.nameStart[id + 1]);
  }
}

/** How a word is looked up: lowercased, spaces as underscores (NLTK lowercases; WordNet joins words with `_`). */
export function normalize(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes(' ') ? lower.replace(/ +/g, '_') : lower;
}

export { POS_ORDER };
export type { Pos, SynsetType };
