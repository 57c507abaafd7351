import { join } from 'node:path';
import type { DetectorContext } from '../../core/types.js';
import { loadOrBuildCache } from '../../core/cache-file.js';
import { sha256 } from '../../core/io.js';
import { cacheDir, toolVersion } from '../../core/version.js';

/**
 * Disk caches for what a baseline's init() derives from the reference
 * corpus (a trigram model, document frequencies, word counts): the build is
 * deterministic, so a run over the same reference reads it back instead of
 * spending a second or more rebuilding it. A file's name carries the
 * reference's hash, the layout version and the tool version, so a cached
 * value equals a fresh build bit for bit; other versions are pruned.
 */

export type PackedArray = Float64Array | Uint32Array;

interface Layout {
  header: unknown;
  arrays: { type: 'f64' | 'u32'; length: number }[];
}

const contentHashes = new WeakMap<readonly unknown[], string>();

/** Hash of the reference's ids and texts, computed once per reference array. */
export function referenceHash(reference: DetectorContext['reference']): string {
  let hash = contentHashes.get(reference);
  if (hash === undefined) {
    hash = sha256(reference.map((d) => `${d.id}\u0000${d.text}`).join('\u0001')).slice(0, 16);
    contentHashes.set(reference, hash);
  }
  return hash;
}

const align8 = (n: number) => (n + 7) & ~7;

/** File layout: byte length of the JSON layout (u32), the layout, then each array at an 8-byte boundary. */
export function packArrays(header: unknown, arrays: readonly PackedArray[]): Uint8Array {
  const layout: Layout = { header, arrays: arrays.map((a) => ({ type: a instanceof Float64Array ? 'f64' : 'u32', length: a.length })) };
  const json = Buffer.from(JSON.stringify(layout), 'utf8');
  let size = align8(4 + json.length);
  for (const a of arrays) size = align8(size + a.byteLength);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let at = align8(4 + json.length);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align8(at + a.byteLength);
  }
  return out;
}

/** The header and arrays of packArrays' bytes (views on one aligned copy), or undefined when they do not parse. */
export function unpackArrays(bytes: Uint8Array): { header: unknown; arrays: PackedArray[] } | undefined {
  if (bytes.byteLength < 4) return undefined;
  // Arrays are viewed in place when the bytes start at an 8-byte boundary (a whole file read is its own buffer),
  // else copied into an aligned buffer of their own: a pooled Buffer's offset need not be a multiple of 8.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
  const own = aligned.buffer;
  const base = aligned.byteOffset;
  const end = base + aligned.byteLength;
  const jsonLength = new DataView(own, base).getUint32(0, true);
  if (4 + jsonLength > aligned.byteLength) return undefined;
  const layout = JSON.parse(Buffer.from(own, base + 4, jsonLength).toString('utf8')) as Layout;
  const arrays: PackedArray[] = [];
  let at = base + align8(4 + jsonLength);
  for (const { type, length } of layout.arrays) {
    const width = type === 'f64' ? 8 : 4;
    if (at + length * width > end) return undefined;
    arrays.push(type === 'f64' ? new Float64Array(own, at, length) : new Uint32Array(own, at, length));
    at = align8(at + length * width);
  }
  return at === end ? { header: layout.header, arrays } : undefined;
}

/**
 * `build(reference)` through a cache file named `<name>-f<format>-v<tool version>-<reference hash>.bin`;
 * bump `format` whenever the value or its build changes.
 */
export function loadReferenceCache<T>(
  spec: {
    name: string;
    format: number;
    build: () => T;
    encode: (value: T) => Uint8Array;
    decode: (bytes: Buffer) => T | undefined;
  },
  reference: DetectorContext['reference'],
  dir = join(cacheDir(), 'detectors'),
): T {
  const prefix = `${spec.name}-`;
  return loadOrBuildCache({
    path: join(dir, `${prefix}f${spec.format}-v${toolVersion()}-${referenceHash(reference)}.bin`),
    stalePrefix: prefix,
    read: spec.decode,
    build: spec.build,
    encode: spec.encode,
  });
}
