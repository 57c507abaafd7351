import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadOrBuildCache, loadOrBuildCacheAsync, readJson } from './cache-file.js';
import { sharedCacheBytes } from './shared-cache-bytes.js';

const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-cache-file-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    for (const entry of readdirSync(dir)) chmodSync(join(dir, entry), 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A small binary format with a magic and a length, so damage is detectable. */
const MAGIC = 'TEST';
function encode(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const out = Buffer.alloc(8 + body.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(body.length, 4);
  body.copy(out, 8);
  return out;
}
function decode(bytes: Buffer): string {
  if (bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('wrong magic');
  if (bytes.length !== 8 + bytes.readUInt32LE(4)) throw new Error('truncated');
  return bytes.toString('utf8', 8);
}

function counted(payload: string) {
  const calls = { n: 0 };
  return { calls, build: () => (calls.n++, encode(payload)) };
}

/** Files other than the cache itself: temporaries and locks must not survive. */
const leftovers = (dir: string, name: string) => readdirSync(dir).filter((f) => f !== name);

describe('loadOrBuildCache', () => {
  it('builds and writes a missing file, creating missing directories', () => {
    const path = join(tmp(), 'a', 'b', 'cache.bin');
    const { calls, build } = counted('hello');
    expect(loadOrBuildCache({ path, read: decode, build })).toBe('hello');
    expect(calls.n).toBe(1);
    expect(readFileSync(path).equals(encode('hello'))).toBe(true);
    expect(leftovers(dirname(path), 'cache.bin')).toEqual([]);
  });

  it('reads a valid file without building', () => {
    const path = join(tmp(), 'cache.bin');
    writeFileSync(path, encode('from disk'));
    const { calls, build } = counted('built');
    expect(loadOrBuildCache({ path, read: decode, build })).toBe('from disk');
    expect(calls.n).toBe(0);
  });

  it.each([
    ['damaged', Buffer.from('garbage')],
    ['truncated', encode('a longer payload').subarray(0, 12)],
    ['empty', Buffer.alloc(0)],
  ])('rebuilds and overwrites a %s file', (_, bytes) => {
    const dir = tmp();
    const path = join(dir, 'cache.bin');
    writeFileSync(path, bytes);
    const { calls, build } = counted('fresh');
    expect(loadOrBuildCache({ path, read: decode, build })).toBe('fresh');
    expect(calls.n).toBe(1);
    expect(readFileSync(path).equals(encode('fresh'))).toBe(true);
    expect(leftovers(dir, 'cache.bin')).toEqual([]);
  });

  it('rebuilds a foreign file that read rejects with undefined, and on request', () => {
    const path = join(tmp(), 'cache.json');
    writeFileSync(path, JSON.stringify({ version: 0 }));
    const spec = { path, read: readJson<{ version: number }>((v) => (v as { version?: number }).version === 2), build: () => ({ version: 2 }), encode: JSON.stringify };
    expect(loadOrBuildCache(spec)).toEqual({ version: 2 });
    expect(readFileSync(path, 'utf8')).toBe('{"version":2}');
    let built = 0;
    loadOrBuildCache({ ...spec, rebuild: true, build: () => (built++, { version: 2 }) });
    expect(built).toBe(1);
  });

  it('returns a JSON value as built and stores encode of it', () => {
    const path = join(tmp(), 'docs.json');
    const docs = [{ id: 'a', text: 'x' }];
    expect(loadOrBuildCache({ path, read: readJson(Array.isArray), build: () => docs, encode: (d) => JSON.stringify(d) })).toBe(docs);
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(docs));
    expect(loadOrBuildCache({ path, read: readJson(Array.isArray), build: () => [], encode: JSON.stringify })).toEqual(docs);
  });

  it('still returns the built value when the cache dir cannot be written, and leaves nothing behind', () => {
    const dir = tmp();
    let path: string;
    if (process.getuid?.() === 0) {
      // root writes through 0o555: make the cache dir's place a file instead.
      writeFileSync(join(dir, 'cache'), 'not a directory');
      path = join(dir, 'cache', 'cache.bin');
    } else {
      mkdirSync(join(dir, 'cache'));
      chmodSync(join(dir, 'cache'), 0o555);
      path = join(dir, 'cache', 'cache.bin');
    }
    const { calls, build } = counted('in memory');
    expect(loadOrBuildCache({ path, read: decode, build })).toBe('in memory');
    expect(loadOrBuildCache({ path, read: decode, build })).toBe('in memory');
    expect(calls.n).toBe(2);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual(['cache']);
  });

  it('leaves nothing behind when the build throws', () => {
    const dir = tmp();
    const path = join(dir, 'cache.bin');
    expect(() => loadOrBuildCache({ path, read: decode, build: () => { throw new Error('no data'); } })).toThrow('no data');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves one valid file when worker threads write it at once', async () => {
    const dir = tmp();
    const path = join(dir, 'cache.bin');
    const payload = 'x'.repeat(4 << 20);
    const require = createRequire(import.meta.url);
    const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/esm/api')), 'index.mjs')).href;
    const helper = new URL('./cache-file.ts', import.meta.url).href;
    // Every worker waits on one flag, then all force a build and write together.
    const go = new Int32Array(new SharedArrayBuffer(4));
    const boot = `
      const { workerData, parentPort } = require('node:worker_threads');
      import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(helper)}); }).then(({ loadOrBuildCache }) => {
        const encode = (s) => { const b = Buffer.from(s); const o = Buffer.alloc(8 + b.length); o.write('TEST', 0, 'latin1'); o.writeUInt32LE(b.length, 4); b.copy(o, 8); return o; };
        parentPort.postMessage('ready');
        Atomics.wait(workerData.go, 0, 0);
        const value = loadOrBuildCache({ path: workerData.path, rebuild: true, read: (bytes) => bytes.length, build: () => encode(workerData.payload) });
        parentPort.postMessage(value);
      });`;
    const workers = Array.from({ length: 4 }, () => new Worker(boot, { eval: true, workerData: { go, path, payload } }));
    const ready = workers.map((w) => new Promise((done) => w.once('message', done)));
    await Promise.all(ready);
    const results = workers.map((w) => new Promise((done, fail) => (w.once('message', done), w.once('error', fail))));
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    expect(await Promise.all(results)).toEqual(workers.map(() => payload.length + 8));
    await Promise.all(workers.map((w) => w.terminate()));
    expect(decode(readFileSync(path))).toBe(payload);
    expect(leftovers(dir, 'cache.bin')).toEqual([]);
  });
});

describe('loadOrBuildCacheAsync', () => {
  it('builds once for concurrent exclusive callers, the others read its file', async () => {
    const dir = tmp();
    const path = join(dir, 'cache.bin');
    let built = 0;
    const spec = {
      path,
      exclusive: true,
      read: decode,
      build: async () => {
        built++;
        await new Promise((done) => setTimeout(done, 400));
        return encode('once');
      },
    };
    expect(await Promise.all([loadOrBuildCacheAsync(spec), loadOrBuildCacheAsync(spec), loadOrBuildCacheAsync(spec)])).toEqual(['once', 'once', 'once']);
    expect(built).toBe(1);
    expect(leftovers(dir, 'cache.bin')).toEqual([]);
  });

  it("takes over a dead builder's lock", async () => {
    const dir = tmp();
    const path = join(dir, 'cache.bin');
    // No process has pid 2^22 + 1 (above Linux's pid_max default).
    writeFileSync(`${path}.lock`, String(4194305));
    expect(await loadOrBuildCacheAsync({ path, exclusive: true, read: decode, build: async () => encode('mine') })).toBe('mine');
    expect(leftovers(dir, 'cache.bin')).toEqual([]);
  });

  it('builds in memory when the lock cannot be taken on a read-only cache dir', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'cache'), 'not a directory');
    const path = join(dir, 'cache', 'cache.bin');
    expect(await loadOrBuildCacheAsync({ path, exclusive: true, read: decode, build: async () => encode('memory') })).toBe('memory');
    expect(readdirSync(dir)).toEqual(['cache']);
  });
});

describe('shared cache bytes', () => {
  it('keeps a shared cache in a SharedArrayBuffer that later loads use without reading the file', () => {
    const dir = tmp();
    const path = join(dir, 'shared.bin');
    const { calls, build } = counted('shared table');
    const read = (bytes: Buffer) => ({ text: decode(bytes), shared: bytes.buffer instanceof SharedArrayBuffer });
    expect(loadOrBuildCache({ path, share: true, read, build })).toEqual({ text: 'shared table', shared: true });
    expect(sharedCacheBytes()[path]).toBeInstanceOf(SharedArrayBuffer);
    rmSync(path);
    expect(loadOrBuildCache({ path, share: true, read, build })).toEqual({ text: 'shared table', shared: true });
    expect(calls.n).toBe(1);
  });

  it('hands the bytes to a worker thread, which adopts them and reads no file', async () => {
    const dir = tmp();
    const path = join(dir, 'table.bin');
    writeFileSync(path, encode('read once'));
    expect(loadOrBuildCache({ path, share: true, read: decode, build: () => encode('rebuilt') })).toBe('read once');
    const bytes = sharedCacheBytes();
    // Gone from disk: a worker that read the file instead of the shared bytes would have to rebuild.
    rmSync(path);
    const require = createRequire(import.meta.url);
    const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/esm/api')), 'index.mjs')).href;
    const cacheFile = new URL('./cache-file.ts', import.meta.url).href;
    const sharedBytes = new URL('./shared-cache-bytes.ts', import.meta.url).href;
    const boot = `
      const { workerData, parentPort } = require('node:worker_threads');
      import(${JSON.stringify(tsxApi)}).then(async (m) => {
        m.register();
        const { loadOrBuildCache } = await import(${JSON.stringify(cacheFile)});
        const { adoptSharedCacheBytes } = await import(${JSON.stringify(sharedBytes)});
        adoptSharedCacheBytes(workerData.bytes);
        let view;
        const text = loadOrBuildCache({ path: workerData.path, share: true, read: (b) => ((view = b), b.toString('utf8', 8)), build: () => Buffer.from('rebuilt') });
        // Written through the worker's view, seen by the main thread: one memory, not a copy.
        view[8] = 0x52;
        parentPort.postMessage({ text, shared: view.buffer instanceof SharedArrayBuffer });
      });`;
    const worker = new Worker(boot, { eval: true, workerData: { path, bytes } });
    const reply = await new Promise((done, fail) => (worker.once('message', done), worker.once('error', fail)));
    await worker.terminate();
    expect(reply).toEqual({ text: 'read once', shared: true });
    expect(Buffer.from(bytes[path]).toString('utf8', 8)).toBe('Read once');
  });
});
