import { decodePacked, encodePacked, type PackedArrays, type PackedFormat } from '../packed.js';

/**
 * The on-disk layout of the WordNet index: packed sections (core/packed.ts),
 * read back as typed-array views with no parsing. Strings stay bytes until
 * asked for.
 *
 * Bump FORMAT_VERSION whenever the layout or the build rules change: the
 * cache file name carries it, so an old cache is never read.
 */
export const FORMAT_VERSION = 2;
export const MAGIC = 0x58494e57; // "WNIX"

/** Parts of speech in NLTK's lookup order; satellites are looked up as adjectives. */
export const POS_ORDER = ['n', 'v', 'a', 'r'] as const;
export type Pos = (typeof POS_ORDER)[number];
/** Synset types as data files spell them; `s` is an adjective satellite. */
export type SynsetType = Pos | 's';
export const SYNSET_TYPES: readonly SynsetType[] = ['n', 'v', 'a', 's', 'r'];
export const NO_ID = 0xffffffff;

/**
 * The sections, in file order. `u32` sections are Uint32Array, `u8` are
 * byte arrays (strings or small codes), `u16` are Uint16Array.
 */
export const SECTIONS = {
  // index lemmas ("keys"): lowercase, underscores, as in index.* files
  keyBytes: 'u8',
  keyStart: 'u32', // nKeys + 1
  keyTable: 'u32', // open-addressing hash table of keyId + 1 (0 = empty)
  keySynStart: 'u32', // nKeys * 4 + 1: synsets of key k for POS p are keySyn[keySynStart[k*4+p] ..]
  keySyn: 'u32', // synset ids, in index (sense) order
  keySynTags: 'u16', // tag count of the sense (key, synset), from index.sense
  // synsets
  synOffset: 'u32', // WordNet byte offset in its data file
  synType: 'u8', // index into SYNSET_TYPES
  synLex: 'u8', // lexicographer file number (noun.person = 18, ...)
  synMemberStart: 'u32', // nSynsets + 1
  memberName: 'u32', // name id (WordNet spelling, underscores kept)
  memberKey: 'u32', // key id of the lowercased name, or NO_ID
  memberTags: 'u16', // tag count of the member's sense
  synAntStart: 'u32', // nSynsets + 1
  antonym: 'u32', // triples: source member index, target synset, target member index
  // distinct lemma names, as WordNet spells them
  nameBytes: 'u8',
  nameStart: 'u32',
  // morphy exception lists (inflected form -> base forms), per POS
  excBytes: 'u8',
  excStart: 'u32',
  excTable: 'u32',
  excBaseStart: 'u32', // nForms * 4 + 1
  excBase: 'u32', // key ids of base forms that are index lemmas
  lemmaChars: 'u8', // 256 flags: byte b occurs in some index lemma or exception form (lookups of other forms are skipped)
} as const;

export type SectionName = keyof typeof SECTIONS;
export type SectionArrays = PackedArrays<typeof SECTIONS>;

const WORDNET_FORMAT: PackedFormat<typeof SECTIONS> = { schema: SECTIONS, magic: MAGIC, version: FORMAT_VERSION, label: 'WordNet index' };

/** Packs the sections into one buffer. */
export function encodeSections(arrays: SectionArrays): Buffer {
  return encodePacked(WORDNET_FORMAT, arrays);
}

/** Views over a packed buffer; throws when the buffer is not a current-format index. */
export function decodeSections(buf: Buffer): SectionArrays {
  return decodePacked(WORDNET_FORMAT, buf);
}

/** FNV-1a over UTF-16 code units; for the ASCII strings of WordNet it equals the hash of their bytes. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Smallest power of two holding n entries at load factor <= 0.5. */
export function tableSize(n: number): number {
  let size = 16;
  while (size < n * 2) size *= 2;
  return size;
}

/**
 * A set of strings as bytes + start offsets + a hash table of (id + 1).
 * Lookups compare the query's char codes with the stored bytes directly,
 * so nothing is decoded.
 */
export class StringTable {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly start: Uint32Array,
    private readonly table: Uint32Array,
  ) {}

  get size(): number {
    return this.start.length - 1;
  }

  /** Id of `s`, or -1. */
  find(s: string): number {
    const mask = this.table.length - 1;
    let slot = hashString(s) & mask;
    for (;;) {
      const entry = this.table[slot];
      if (entry === 0) return -1;
      const id = entry - 1;
      if (this.equals(id, s)) return id;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Id of `s.toLowerCase()`, or -1, folding ASCII capitals on the fly so
   * that a lookup builds no string (non-ASCII text takes toLowerCase).
   */
  findFolded(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0x80) return this.find(s.toLowerCase());
      if (c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const mask = this.table.length - 1;
    for (let slot = (h >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot];
      if (entry === 0) return -1;
      const id = entry - 1;
      const from = this.start[id];
      if (this.start[id + 1] - from !== s.length) continue;
      const bytes = this.bytes;
      let i = 0;
      for (; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c >= 65 && c <= 90) c += 32;
        if (bytes[from + i] !== c) break;
      }
      if (i === s.length) return id;
    }
  }

  /** Id of `s.slice(0, prefixLength) + suffix`, or -1, without building that string. */
  findJoined(s: string, prefixLength: number, suffix: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < prefixLength; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    for (let i = 0; i < suffix.length; i++) h = Math.imul(h ^ suffix.charCodeAt(i), 0x01000193);
    const mask = this.table.length - 1;
    const length = prefixLength + suffix.length;
    for (let slot = (h >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot];
      if (entry === 0) return -1;
      const id = entry - 1;
      const from = this.start[id];
      if (this.start[id + 1] - from !== length) continue;
      const bytes = this.bytes;
      let i = 0;
      while (i < prefixLength && bytes[from + i] === s.charCodeAt(i)) i++;
      if (i < prefixLength) continue;
      let j = 0;
      while (j < suffix.length && bytes[from + i + j] === suffix.charCodeAt(j)) j++;
      if (j === suffix.length) return id;
    }
  }

  private equals(id: number, s: string): boolean {
    return spelledAs(this.bytes, this.start, id, s);
  }

  /** The string of an id (latin1 decode: WordNet is ASCII). */
  get(id: number): string {
    return latin1(this.bytes, this.start[id], this.start[id + 1]);
  }
}

/** True when string `id` of a (bytes, start offsets) string list is exactly `text`: compares bytes, decodes nothing. */
export function spelledAs(bytes: Uint8Array, start: Uint32Array, id: number, text: string): boolean {
  const from = start[id];
  if (start[id + 1] - from !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[from + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Builds the bytes, offsets and hash table for a list of distinct ASCII strings. */
export function buildStringTable(strings: readonly string[]): { bytes: Uint8Array; start: Uint32Array; table: Uint32Array } {
  const start = new Uint32Array(strings.length + 1);
  let total = 0;
  strings.forEach((s, i) => {
    start[i] = total;
    total += s.length;
  });
  start[strings.length] = total;
  const bytes = new Uint8Array(total);
  strings.forEach((s, i) => {
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c > 0xff) throw new Error(`WordNet index: non-Latin-1 string "${s}"`);
      bytes[start[i] + j] = c;
    }
  });
  const table = new Uint32Array(tableSize(strings.length));
  const mask = table.length - 1;
  strings.forEach((s, i) => {
    let slot = hashString(s) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = i + 1;
  });
  return { bytes, start, table };
}

/** Decodes a byte range as Latin-1 (lemma names are short, so a loop beats a Buffer round trip). */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
  return s;
}
