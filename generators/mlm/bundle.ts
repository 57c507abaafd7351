import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/io.js';

/**
 * A flat binary container for a built model: a JSON header and named typed
 * arrays, 8-byte aligned, so loading is one file read and views onto it
 * (no parsing of numbers, no hash-table rebuild).
 *
 * Layout: "GNTLBNDL" | uint32 header length | header JSON | padding | arrays.
 */
export type BundleArray = Uint8Array | Uint32Array | Float64Array;

const MAGIC = 'GNTLBNDL';
type ArrayType = 'u8' | 'u32' | 'f64';

interface Entry {
  name: string;
  type: ArrayType;
  length: number;
  offset: number;
}

function typeOf(a: BundleArray): ArrayType {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint32Array) return 'u32';
  return 'f64';
}

const align8 = (n: number) => (n + 7) & ~7;

/** Writes `meta` (any JSON) and the arrays atomically to `path`. */
export function writeBundle(path: string, meta: unknown, arrays: Record<string, BundleArray>): void {
  writeFileAtomic(path, encodeBundle(meta, arrays));
}

/** The bytes of a bundle of `meta` (any JSON) and the arrays. */
export function encodeBundle(meta: unknown, arrays: Record<string, BundleArray>): Buffer {
  const entries: Entry[] = [];
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    entries.push({ name, type: typeOf(a), length: a.length, offset });
    offset = align8(offset + a.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ meta, entries }), 'utf8');
  const dataStart = align8(MAGIC.length + 4 + header.length);
  const out = Buffer.alloc(dataStart + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, MAGIC.length);
  header.copy(out, MAGIC.length + 4);
  for (const e of entries) {
    const a = arrays[e.name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dataStart + e.offset);
  }
  return out;
}

/** Reads a bundle; throws when the file is not one (the caller rebuilds). */
export function readBundle(path: string): { meta: unknown; arrays: Map<string, BundleArray> } {
  return decodeBundle(readFileSync(path), path);
}

/** Views onto a bundle's bytes (`path` names it in errors); throws when they are not a bundle or are truncated. */
export function decodeBundle(file: Buffer, path: string): { meta: unknown; arrays: Map<string, BundleArray> } {
  if (file.length < MAGIC.length + 4 || file.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${path}: not a model bundle`);
  const headerLength = file.readUInt32LE(MAGIC.length);
  const { meta, entries } = JSON.parse(file.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as { meta: unknown; entries: Entry[] };
  const dataStart = align8(MAGIC.length + 4 + headerLength);
  // Typed-array views need aligned offsets; a large file read gets its own buffer at offset 0,
  // a small one may sit inside Node's shared pool, in which case it is copied once.
  let data: ArrayBuffer;
  let base: number;
  if ((file.byteOffset + dataStart) % 8 === 0) {
    data = file.buffer as ArrayBuffer;
    base = file.byteOffset + dataStart;
  } else {
    data = new ArrayBuffer(file.length - dataStart);
    new Uint8Array(data).set(file.subarray(dataStart));
    base = 0;
  }
  const arrays = new Map<string, BundleArray>();
  for (const e of entries) {
    if (base + e.offset + e.length * (e.type === 'u8' ? 1 : e.type === 'u32' ? 4 : 8) > data.byteLength) throw new Error(`${path}: truncated bundle`);
    arrays.set(e.name, e.type === 'u8' ? new Uint8Array(data, base + e.offset, e.length) : e.type === 'u32' ? new Uint32Array(data, base + e.offset, e.length) : new Float64Array(data, base + e.offset, e.length));
  }
  return { meta, arrays };
}
