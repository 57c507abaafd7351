import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Cache files held in SharedArrayBuffers, so a large read-only table (the
 * WordNet index, the naive-spin table, the n-gram model) sits in memory once
 * per process however many worker threads use it.
 *
 * ```ts
 * // main thread, after its loaders ran (loadWordNetSync(), loadNaiveTable(), ...):
 * new Worker(file, { workerData: { ..., cacheBytes: sharedCacheBytes() } });
 * // worker, before its first loader call:
 * adoptSharedCacheBytes(workerData.cacheBytes);
 * ```
 *
 * A loader opts in with `share: true` in its cache spec (core/cache-file.ts):
 * it then reads the file into a SharedArrayBuffer (or copies a fresh build
 * into one) and registers it here; in a worker that adopted the map, the
 * same loader finds the bytes here and reads no file. Posting a
 * SharedArrayBuffer through workerData or postMessage shares its memory; it
 * is never copied. Readers must treat the bytes as read-only: every thread
 * sees a write.
 */

const shared = new Map<string, SharedArrayBuffer>();

/** Registry key: the absolute path, so relative and absolute spellings of one cache file meet. */
const keyOf = (path: string) => resolve(path);

/** Every cache file this thread holds in shared memory (loaded or adopted), by absolute path: what to pass to workers. */
export function sharedCacheBytes(): Record<string, SharedArrayBuffer> {
  return Object.fromEntries(shared);
}

/**
 * Makes another thread's shared cache bytes this thread's own: later loads
 * of those paths (with `share: true`) use them instead of reading the file.
 * Values that are not SharedArrayBuffers are ignored, so a workerData field
 * that was never set costs nothing.
 */
export function adoptSharedCacheBytes(map: Readonly<Record<string, unknown>> | undefined): void {
  if (map === undefined || map === null) return;
  for (const [path, bytes] of Object.entries(map)) if (bytes instanceof SharedArrayBuffer) shared.set(keyOf(path), bytes);
}

/** The shared bytes of a cache file as a Buffer (no copy), or undefined when this thread holds none for it. */
export function sharedBytesOf(path: string): Buffer | undefined {
  const bytes = shared.get(keyOf(path));
  return bytes === undefined ? undefined : Buffer.from(bytes);
}

/** Copies bytes into a new SharedArrayBuffer registered under `path`; returns a Buffer over the shared copy. */
export function shareBytes(path: string, bytes: Uint8Array): Buffer {
  const sab = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(sab).set(bytes);
  shared.set(keyOf(path), sab);
  return Buffer.from(sab);
}

/** Reads a file straight into a registered SharedArrayBuffer (no intermediate copy); throws as readFileSync does. */
export function readSharedFile(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const sab = new SharedArrayBuffer(size);
    const view = new Uint8Array(sab);
    for (let at = 0; at < size; ) {
      const n = readSync(fd, view, at, size - at, at);
      // A file cut short while we read it: a truncated cache, which its reader rejects.
      if (n === 0) throw new Error(`${path}: file shrank while being read`);
      at += n;
    }
    shared.set(keyOf(path), sab);
    return Buffer.from(sab);
  } finally {
    closeSync(fd);
  }
}

/** Forgets the shared bytes of `path` (the memory goes once no thread holds a view); for a cache rebuilt under the same name. */
export function forgetSharedBytes(path: string): void {
  shared.delete(keyOf(path));
}
