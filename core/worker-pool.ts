import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { usageError } from './errors.js';

/** Message from a pool worker: the answer to one request, or its failure. */
export type WorkerReply<T> = { id: number; ok: true; value: T } | { id: number; ok: false; error: string };

/**
 * A fixed pool of worker threads running one entry module. Requests queue
 * and go to whichever worker is idle; a worker that dies fails its request
 * (the caller decides what that means) and the pool reports it.
 */
export class WorkerPool<Req, Res> {
  private readonly workers: Array<{ worker: Worker; busy: number | undefined; dead?: string }> = [];
  private readonly pending = new Map<number, { resolve: (v: Res) => void; reject: (e: Error) => void }>();
  private readonly queue: Array<{ id: number; request: Req }> = [];
  private nextId = 0;

  constructor(
    private readonly entry: URL,
    size: number,
    workerData: unknown,
  ) {
    this.grow(size, workerData);
  }

  /**
   * Adds workers, possibly with other data: a build starts one worker,
   * then gives the rest the tables the first one loaded into shared memory.
   */
  grow(size: number, workerData: unknown): void {
    const entry = this.entry;
    for (let i = 0; i < size; i++) {
      const worker = entry.pathname.endsWith('.ts') ? typeScriptWorker(entry, workerData) : new Worker(entry, { workerData });
      const slot: { worker: Worker; busy: number | undefined; dead?: string } = { worker, busy: undefined };
      worker.on('message', (reply: WorkerReply<Res>) => {
        const waiter = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        slot.busy = undefined;
        if (waiter) {
          if (reply.ok) waiter.resolve(reply.value);
          else waiter.reject(new Error(reply.error));
        }
        this.dispatch();
      });
      const fail = (why: string) => {
        slot.dead = why;
        if (slot.busy !== undefined) {
          this.pending.get(slot.busy)?.reject(new Error(why));
          this.pending.delete(slot.busy);
          slot.busy = undefined;
        }
        if (this.workers.every((w) => w.dead !== undefined)) {
          for (const { id } of this.queue.splice(0)) {
            this.pending.get(id)?.reject(new Error(why));
            this.pending.delete(id);
          }
        }
        this.dispatch();
      };
      worker.on('error', (error) => fail(`worker failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (slot.dead === undefined) fail(`worker exited with code ${code}`);
      });
      this.workers.push(slot);
    }
    this.dispatch();
  }

  get size(): number {
    return this.workers.length;
  }

  run(request: Req): Promise<Res> {
    const id = this.nextId++;
    const promise = new Promise<Res>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.workers.every((w) => w.dead !== undefined)) {
      this.pending.get(id)?.reject(new Error(this.workers[0]?.dead ?? 'no workers'));
      this.pending.delete(id);
      return promise;
    }
    this.queue.push({ id, request });
    this.dispatch();
    return promise;
  }

  private dispatch(): void {
    for (const slot of this.workers) {
      if (slot.busy !== undefined || slot.dead !== undefined) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.busy = next.id;
      slot.worker.postMessage(next);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => (w.dead === undefined ? w.worker.terminate() : undefined)));
  }
}

/**
 * Workers to use: --workers, else GAUNTLET_WORKERS, else every core. More
 * workers than cores only cost memory (each loads its own tables) and time,
 * so a larger request is capped at the core count, with a warning.
 */
export function workerCount(
  requested: unknown,
  env: Record<string, string | undefined> = process.env,
  onWarn: (message: string) => void = (message) => process.stderr.write(`gauntlet: ${message}\n`),
  cores = availableParallelism(),
): number {
  const raw = requested ?? env.GAUNTLET_WORKERS;
  if (raw === undefined) return cores;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--workers (or GAUNTLET_WORKERS) must be a whole number >= 1, got "${String(raw)}"`);
  if (n > cores) {
    onWarn(`--workers ${n} is more than the ${cores} cores of this machine; using ${cores}`);
    return cores;
  }
  return n;
}

/** Resolves a sibling worker entry from the calling module, .js in the build or .ts from sources. */
export function workerEntry(name: string, from: string): URL {
  return new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}

/**
 * From sources (vitest, tsx) the entry is TypeScript, and a worker does not
 * inherit the parent's loader: register tsx's ESM hooks inside the worker,
 * then import the entry. Only the test suite takes this path; the build
 * runs the compiled .js entry.
 */
function typeScriptWorker(entry: URL, workerData: unknown): Worker {
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/esm/api')), 'index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
