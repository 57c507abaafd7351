/**
 * Packed binary caches: one little-endian buffer of 4-byte-aligned typed
 * sections, read back as views with no parsing, so a cache of several
 * megabytes opens in a few milliseconds (a JSON of the same data takes
 * about a second to parse). Used by the WordNet index and the naive-spin
 * candidate table; each declares its sections once as a schema.
 *
 * Layout: magic, version, then (byte offset, element count) per section in
 * schema order, then the sections.
 */
export type SectionKind = 'u8' | 'u16' | 'u32';
export type SectionSchema = Readonly<Record<string, SectionKind>>;
export type PackedArrays<S extends SectionSchema> = {
  [K in keyof S]: S[K] extends 'u32' ? Uint32Array : S[K] extends 'u16' ? Uint16Array : Uint8Array;
};

/** What a packed file is: its schema, a magic number, a format version and a name for errors. */
export interface PackedFormat<S extends SectionSchema> {
  readonly schema: S;
  readonly magic: number;
  readonly version: number;
  /** Names the file in errors ("WordNet index"). */
  readonly label: string;
}

const BYTES: Record<SectionKind, number> = { u8: 1, u16: 2, u32: 4 };

function headerWords(schema: SectionSchema): number {
  return 2 + Object.keys(schema).length * 2;
}

/** Packs the sections into one buffer. */
export function encodePacked<S extends SectionSchema>(format: PackedFormat<S>, arrays: PackedArrays<S>): Buffer {
  const names = Object.keys(format.schema);
  const words = headerWords(format.schema);
  let offset = words * 4;
  const layout = names.map((name) => {
    const a = arrays[name] as Uint8Array | Uint16Array | Uint32Array;
    const start = offset;
    offset = align4(offset + a.byteLength);
    return { start, a };
  });
  const out = Buffer.alloc(offset);
  const header = new Uint32Array(out.buffer, out.byteOffset, words);
  header[0] = format.magic;
  header[1] = format.version;
  layout.forEach(({ start, a }, i) => {
    header[2 + i * 2] = start;
    header[3 + i * 2] = a.length;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start);
  });
  return out;
}

/** Views over a packed buffer; throws when the buffer is not of this format and version, or is truncated. */
export function decodePacked<S extends SectionSchema>(format: PackedFormat<S>, buf: Buffer): PackedArrays<S> {
  const names = Object.keys(format.schema);
  const words = headerWords(format.schema);
  // Typed views need 4-byte alignment; a fresh readFileSync buffer has it, a pooled slice may not.
  const data = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
  if (data.byteLength < words * 4) throw new Error(`${format.label}: file too short`);
  const header = new Uint32Array(data.buffer, data.byteOffset, words);
  if (header[0] !== format.magic || header[1] !== format.version) throw new Error(`${format.label}: wrong magic or format version`);
  const out: Record<string, Uint8Array | Uint16Array | Uint32Array> = {};
  names.forEach((name, i) => {
    const start = data.byteOffset + header[2 + i * 2];
    const count = header[3 + i * 2];
    const kind = format.schema[name];
    if (header[2 + i * 2] + count * BYTES[kind] > data.byteLength) throw new Error(`${format.label}: section ${name} is truncated`);
    out[name] = kind === 'u32' ? new Uint32Array(data.buffer, start, count) : kind === 'u16' ? new Uint16Array(data.buffer, start, count) : new Uint8Array(data.buffer, start, count);
  });
  return out as PackedArrays<S>;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
