/**
 * The on-disk layout of the WordNet index: one little-endian buffer of
 * 4-byte-aligned sections, read back as typed-array views with no parsing,
 * so a cached index loads in a few milliseconds (a JSON of the same data
 * takes ~1 s to parse). Strings stay bytes until asked for.
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
export type SectionArrays = {
  [K in SectionName]: (typeof SECTIONS)[K] extends 'u32' ? Uint32Array : (typeof SECTIONS)[K] extends 'u16' ? Uint16Array : Uint8Array;
};

const NAMES = Object.keys(SECTIONS) as SectionName[];
const HEADER_WORDS = 2 + NAMES.length * 2; // magic, version, then (byte offset, element count) per section

/** Packs the sections into one buffer. */
export function encodeSections(arrays: SectionArrays): Buffer {
  let offset = HEADER_WORDS * 4;
  const layout = NAMES.map((name) => {
    const a = arrays[name];
    const start = offset;
    offset = align4(offset + a.byteLength);
    return { name, start, a };
  });
  const out = Buffer.alloc(offset);
  const header = new Uint32Array(out.buffer, out.byteOffset, HEADER_WORDS);
  header[0] = MAGIC;
  header[1] = FORMAT_VERSION;
  layout.forEach(({ start, a }, i) => {
    header[2 + i * 2] = start;
    header[3 + i * 2] = a.length;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start);
  });
  return out;
}

/** Views over a packed buffer; throws when the buffer is not a current-format index. */
export function decodeSections(buf: Buffer): SectionArrays {
  // Typed views need 4-byte alignment; a fresh readFileSync buffer has it, a pooled slice may not.
  const data = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
  if (data.byteLength < HEADER_WORDS * 4) throw new Error('WordNet index: file too short');
  const header = new Uint32Array(data.buffer, data.byteOffset, HEADER_WORDS);
  if (header[0] !== MAGIC || header[1] !== FORMAT_VERSION) throw new Error('WordNet index: wrong magic or format version');
  const out: Partial<Record<SectionName, Uint8Array | Uint16Array | Uint32Array>> = {};
  NAMES.forEach((name, i) => {
    const start = data.byteOffset + header[2 + i * 2];
    const count = header[3 + i * 2];
    const kind = SECTIONS[name];
    const bytes = count * (kind === 'u32' ? 4 : kind === 'u16' ? 2 : 1);
    if (header[2 + i * 2] + bytes > data.byteLength) throw new Error(`WordNet index: section ${name} is truncated`);
    out[name] = kind === 'u32' ? new Uint32Array(data.buffer, start, count) : kind === 'u16' ? new Uint16Array(data.buffer, start, count) : new Uint8Array(data.buffer, start, count);
  });
  return out as SectionArrays;
}

function align4(n: number): number {
  return (n + 3) & ~3;
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
    const from = this.start[id];
    if (this.start[id + 1] - from !== s.length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < s.length; i++) if (bytes[from + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  /** The string of an id (latin1 decode: WordNet is ASCII). */
  get(id: number): string {
    return latin1(this.bytes, this.start[id], this.start[id + 1]);
  }
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
