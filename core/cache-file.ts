import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './io.js';
import { processAlive } from './process-alive.js';
import { forgetSharedBytes, readSharedFile, shareBytes, sharedBytesOf } from './shared-cache-bytes.js';

/**
 * One rule for every derived-data cache (WordNet index, naive-spin table,
 * Brown lexicon, corpora, n-gram model): a cache is an optimisation, never a
 * requirement. So a missing, damaged, truncated or foreign file is rebuilt
 * and overwritten, and a cache dir that cannot be written (read-only
 * install, a file where the dir should be) costs the next process a rebuild
 * but never fails this one. Nothing is printed: the tool's output must not
 * depend on the state of its cache.
 *
 * ```ts
 * const wn = loadOrBuildCache({ path, read: (bytes) => new WordNet(bytes), build: () => buildIndex(paths) });
 * const docs = loadOrBuildCache({ path, read: readJson(Array.isArray), build: makeDocs, encode: JSON.stringify });
 * ```
 *
 * Writes go through writeFileAtomic, so readers (other processes, worker
 * threads) see the old file, no file or the whole new one; concurrent
 * builders of the same cache write the same bytes, and the last rename wins.
 */

/** What a cache file holds: text (JSON) or bytes. */
export type CacheBytes = string | Uint8Array;

interface CacheSpecBase<T> {
  /** The cache file; its name should carry every version its bytes depend on. */
  path: string;
  /** The value in a cache file's bytes: throw or return undefined when they are not a valid cache (it is rebuilt). */
  read(bytes: Buffer): T | undefined;
  /** Ignore an existing file: build and overwrite. */
  rebuild?: boolean;
  /**
   * Names of this cache's other versions: once a new file is written, files
   * in its folder whose name starts with this (but for temporaries and
   * locks) are removed, so old versions do not pile up in the cache dir.
   */
  stalePrefix?: string;
  /**
   * Hold the bytes in a SharedArrayBuffer (core/shared-cache-bytes.ts), for
   * large read-only tables that worker threads use too: the file is read
   * straight into shared memory (a fresh build is copied there and the value
   * read back from it), and a thread that adopted another's shared bytes of
   * this path reads no file at all. `read` must only view the bytes, never
   * write them.
   */
  share?: boolean;
}

/** A cache whose build yields the file's bytes; the value is `read` of them, so a cold and a warm load give the same value. */
export interface BytesCacheSpec<T> extends CacheSpecBase<T> {
  build(): Uint8Array;
  encode?: undefined;
}

/** A cache whose build yields the value itself; `encode` gives the bytes to store (JSON.stringify for JSON caches). */
export interface ValueCacheSpec<T> extends CacheSpecBase<T> {
  build(): T;
  encode(value: T): CacheBytes;
}

/** Options of the async twin: one builder at a time (see loadOrBuildCacheAsync). */
interface AsyncOptions {
  exclusive?: boolean;
}

/** BytesCacheSpec for loadOrBuildCacheAsync: `build` may return a promise. */
export interface AsyncBytesCacheSpec<T> extends CacheSpecBase<T>, AsyncOptions {
  build(): Uint8Array | Promise<Uint8Array>;
  encode?: undefined;
}

/** ValueCacheSpec for loadOrBuildCacheAsync: `build` may return a promise. */
export interface AsyncValueCacheSpec<T> extends CacheSpecBase<T>, AsyncOptions {
  build(): T | Promise<T>;
  encode(value: T): CacheBytes;
}

/** The cached value at `spec.path` when the file is valid, else built, stored (when the disk allows) and returned. */
export function loadOrBuildCache<T>(spec: BytesCacheSpec<T>): T;
export function loadOrBuildCache<T>(spec: ValueCacheSpec<T>): T;
export function loadOrBuildCache<T>(spec: BytesCacheSpec<T> | ValueCacheSpec<T>): T {
  const cached = spec.rebuild ? undefined : readCacheFile(spec);
  if (cached !== undefined) return cached;
  return store(spec, spec.build()) ?? store({ ...spec, share: false }, spec.build())!;
}

/**
 * loadOrBuildCache for builds that await. With `exclusive`, concurrent
 * processes on a cold cache build once: the first takes `<path>.lock`, the
 * others wait for it to go (or for its holder to die) and read the file it
 * left. Meant for builds long enough that waiting beats building twice.
 */
export function loadOrBuildCacheAsync<T>(spec: AsyncBytesCacheSpec<T>): Promise<T>;
export function loadOrBuildCacheAsync<T>(spec: AsyncValueCacheSpec<T>): Promise<T>;
export async function loadOrBuildCacheAsync<T>(spec: AsyncBytesCacheSpec<T> | AsyncValueCacheSpec<T>): Promise<T> {
  if (!spec.rebuild) {
    const cached = readCacheFile(spec);
    if (cached !== undefined) return cached;
  }
  if (!spec.exclusive) return store(spec, await spec.build()) ?? store({ ...spec, share: false }, await spec.build())!;
  const lock = `${spec.path}.lock`;
  if (takeLock(lock)) {
    try {
      return store(spec, await spec.build()) ?? store({ ...spec, share: false }, await spec.build())!;
    } finally {
      rmSync(lock, { force: true });
    }
  }
  await lockReleased(lock);
  // The holder may have died or been unable to write: then build here, without the lock.
  return readCacheFile(spec) ?? store(spec, await spec.build()) ?? store({ ...spec, share: false }, await spec.build())!;
}

/** A `read` for JSON caches: the parsed value when `accept` takes it, else undefined (a foreign or stale file). */
export function readJson<T>(accept: (value: unknown) => boolean): (bytes: Buffer) => T | undefined {
  return (bytes) => {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return accept(value) ? (value as T) : undefined;
  };
}

/** The value in the cache file (or in its adopted shared bytes), or undefined when it is missing, unreadable or rejected by `read`. */
function readCacheFile<T>({ path, read, share }: CacheSpecBase<T>): T | undefined {
  let bytes: Buffer | undefined;
  try {
    bytes = share ? (sharedBytesOf(path) ?? readSharedFile(path)) : readFileSync(path);
  } catch {
    return undefined;
  }
  let value: T | undefined;
  try {
    value = read(bytes);
  } catch {
    value = undefined;
  }
  // Rejected shared bytes must not be handed to workers: the rebuild registers the new ones.
  if (value === undefined && share) forgetSharedBytes(path);
  return value;
}

/**
 * Writes the built result (ignoring a disk that refuses it) and returns the
 * value; undefined only when a shared cache's file vanished between its
 * write and its read back (then the caller builds again, unshared).
 */
function store<T>(spec: CacheSpecBase<T> & { encode?: (value: T) => CacheBytes }, built: T | Uint8Array | undefined): T | undefined {
  let bytes: CacheBytes | undefined = spec.encode ? spec.encode(built as T) : (built as Uint8Array);
  let written = false;
  try {
    writeFileAtomic(spec.path, bytes);
    written = true;
    if (spec.stalePrefix !== undefined) pruneVersions(spec.path, spec.stalePrefix);
  } catch {
    // Read-only or missing cache dir: the value is still good, only the next process rebuilds.
  }
  if (spec.share) {
    const unwritten = written ? undefined : typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    built = bytes = undefined;
    return readBackShared(spec, unwritten);
  }
  if (spec.encode) return built as T;
  const raw = built as Uint8Array;
  const value = spec.read(Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  if (value === undefined) throw new Error(`${spec.path}: a freshly built cache does not read back`);
  return value;
}

/**
 * The value of a fresh build, read from a shared copy of its bytes, so this
 * thread and its workers hold one table. A written file is read straight
 * into shared memory once the build's arrays and bytes are dropped (`unwritten` is
 * undefined then), so the build, its bytes and the shared copy are not all held at once.
 */
function readBackShared<T>(spec: CacheSpecBase<T>, unwritten: Uint8Array | undefined): T | undefined {
  let shared: Buffer;
  if (unwritten !== undefined) shared = shareBytes(spec.path, unwritten);
  else {
    try {
      shared = readSharedFile(spec.path);
    } catch {
      // Removed that instant (someone emptying the cache dir): the caller builds once more.
      return undefined;
    }
  }
  const value = spec.read(shared);
  if (value === undefined) throw new Error(`${spec.path}: a freshly built cache does not read back`);
  return value;
}

/** Removes the other versions of a cache beside `path` (names starting with `prefix`); a file another process holds open stays readable to it. */
function pruneVersions(path: string, prefix: string): void {
  const dir = dirname(path);
  const own = basename(path);
  for (const name of readdirSync(dir)) {
    if (name === own || !name.startsWith(prefix) || name.endsWith('.tmp') || name.endsWith('.lock')) continue;
    rmSync(join(dir, name), { force: true });
  }
}

/** A lock older than this belongs to a build that hung or whose machine went away. */
const STALE_LOCK_MS = 600_000;
const POLL_MS = 250;

/** Creates the lock file holding our pid; false when another builder holds it or the dir cannot be written. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(dirname(lock), { recursive: true });
    if (!lockHeld(lock)) rmSync(lock, { force: true });
    const fd = openSync(lock, 'wx');
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

/** True while the lock exists, is fresh and its holder (same machine) is alive. */
function lockHeld(lock: string): boolean {
  let age: number;
  let pid: number;
  try {
    age = Date.now() - statSync(lock).mtimeMs;
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false;
  }
  if (age > STALE_LOCK_MS) return false;
  // No pid yet: a lock being written this instant, or one whose holder died before writing it.
  if (!Number.isInteger(pid) || pid <= 0) return age < 5_000;
  return processAlive(pid);
}

async function lockReleased(lock: string): Promise<void> {
  while (lockHeld(lock)) await new Promise((done) => setTimeout(done, POLL_MS));
}
