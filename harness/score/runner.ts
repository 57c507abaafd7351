import { closeSync, createWriteStream, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Detector, DetectorIdentity, Document, Sample, ScoreRecord, Task } from '../../core/types.js';
import { writeFileAtomic } from '../../core/io.js';
import { LineCursor } from '../../core/lines.js';
import { WorkerPool, workerEntry } from '../../core/worker-pool.js';
import type { ScoreWorkerData } from './worker-data.js';
import { scoreBatch } from './score-batch.js';
import { sampleLines, type SampleLine } from '../store/sample-lines.js';
import { scoresPath } from '../store/run-dir.js';
import { manifestPath, samplesPath } from '../store/dataset-dir.js';

/** A detector ready to score, with the identity recorded in run.json. */
export interface LoadedDetector {
  detector: Detector;
  identity: DetectorIdentity;
  /** How the user named it (built-in name, JSON path or config object): what --resume reloads. */
  spec: string | Record<string, unknown>;
  /** Items per score() call. */
  batchSize?: number;
  /** Batches in flight at once (lets exec and http adapters pipeline). */
  concurrency?: number;
  /** Folder the spec's relative paths resolve from (for worker threads that reload it). */
  baseDir?: string;
}

export interface ExecuteOptions {
  datasetDir: string;
  runDir: string;
  detectors: readonly LoadedDetector[];
  /** Skip items that already have a score in the run's scores.jsonl. */
  resume?: boolean;
  /** With resume: rerun the items that ended in error. */
  retryErrors?: boolean;
  /** Items per score() call for every detector kind (run --batch-size); without it, a detector config's batchSize, else 32. */
  batchSize?: number;
  /** A batch that takes longer than this ends in an error for each of its items. */
  batchTimeoutMs?: number;
  /** Worker threads for in-process detectors (built-ins and modules); exec and http detectors parallelise in their adapter. */
  workers?: number;
  /** Items each scoring worker must have before workers are used (default 2000). */
  minItemsPerWorker?: number;
  reference: () => Document[];
  onProgress?: (detector: string, done: number, total: number) => void;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ExecuteSummary {
  scored: number;
  errors: number;
  skipped: number;
  interrupted: boolean;
  /** Wall time per detector in ms (run metadata, never in scores.jsonl). */
  timeMs: Record<string, number>;
  /** Per detector: items answered now, items that ended in an error now, items kept from before. */
  byDetector: Record<string, { scored: number; errors: number; skipped: number }>;
}

type Key = string;
const keyOf = (detector: string, sampleId: string): Key => `${detector}\u0000${sampleId}`;

/** Which items a scores file already answers: key -> true when the answer was an error. Streams the file. */
async function answered(path: string): Promise<Map<Key, boolean>> {
  const done = new Map<Key, boolean>();
  if (!existsSync(path)) return done;
  const cursor = new LineCursor(path);
  for (let line = await cursor.next(); line !== undefined; line = await cursor.next()) {
    try {
      const r = JSON.parse(line) as ScoreRecord;
      done.set(keyOf(r.detector, r.sampleId), r.error !== undefined);
    } catch {
      // Only a line cut by a kill can be torn; its item is simply scored again.
    }
  }
  return done;
}

/**
 * Runs every detector over the dataset items of its tasks, streaming one
 * ScoreRecord per (item, detector) to scores.jsonl in dataset order (batches
 * that finish early wait for earlier ones). Nothing is lost: a thrown batch,
 * a timeout, a missing, duplicate or malformed answer becomes an error
 * record for the items concerned. A resume writes the new answers beside the
 * old ones and merges the two sorted files, so an interrupted-and-resumed run
 * and an uninterrupted one give the same bytes; memory stays flat in dataset
 * size but for the set of answered ids.
 */
export async function executeRun(options: ExecuteOptions): Promise<ExecuteSummary> {
  const scoresFile = scoresPath(options.runDir);
  const resumePath = join(options.runDir, 'scores.resume.jsonl');
  const names = options.detectors.map((d) => d.detector.name);
  // A resume killed before its merge left its answers aside: fold them in first.
  if (existsSync(resumePath)) await mergeScoreFiles(options.datasetDir, names, scoresFile, resumePath);
  const previous = options.resume ? await answered(scoresFile) : new Map<Key, boolean>();
  const out = new AppendFile(options.resume ? resumePath : scoresFile);
  const summary: ExecuteSummary = { scored: 0, errors: 0, skipped: 0, interrupted: false, timeMs: {}, byDetector: {} };
  const pending = (detector: string, id: string) => {
    if (previous.size === 0) return true;
    const hadError = previous.get(keyOf(detector, id));
    return hadError === undefined || (hadError && Boolean(options.retryErrors));
  };
  let reference: Document[] | undefined;
  let counts: Map<string, { total: number; remaining: number }> | undefined;
  try {
    for (const loaded of options.detectors) {
      if (options.signal?.aborted) break;
      const { detector } = loaded;
      const tasks = new Set<Task>(detector.tasks);
      // Only the samples this detector answers are parsed: their id and task come from the line head.
      const wanted = (line: SampleLine) => tasks.has(line.task as Task) && pending(detector.name, line.id);
      // A fresh run takes its counts from the manifest; a resume counts every detector in one pass over the dataset.
      counts ??= previous.size === 0 ? undefined : await countPending(options.datasetDir, options.detectors, pending);
      const { total, remaining } = counts?.get(detector.name) ?? countsFromManifest(options.datasetDir, tasks) ?? (await countPending(options.datasetDir, [loaded], pending)).get(detector.name)!;
      summary.skipped += total - remaining;
      const mine = (summary.byDetector[detector.name] = { scored: 0, errors: 0, skipped: total - remaining });
      if (remaining === 0) {
        // Everything reused (resume or score cache): no need to start the detector.
        options.onProgress?.(detector.name, total, total);
        await detector.close?.();
        continue;
      }
      const started = performance.now();
      // Each worker loads and initialises its own copy of the detector: worth it only with enough items to share.
      const threads = Math.min(options.workers ?? 1, Math.floor(remaining / (options.minItemsPerWorker ?? ITEMS_PER_WORKER)));
      const pool = threads > 1 && runsInWorkers(loaded.spec) ? scorePool(loaded, options, threads) : undefined;
      if (!pool) {
        reference ??= options.reference();
        await detector.init?.({ reference });
      }
      let done = total - remaining;
      await scoreAll(loaded, sampleLines(samplesPath(options.datasetDir)), wanted, options, out, pool, (records) => {
        for (const r of records) {
          const failed = r.error !== undefined;
          summary.errors += Number(failed);
          summary.scored += Number(!failed);
          mine.errors += Number(failed);
          mine.scored += Number(!failed);
        }
        done += records.length;
        options.onProgress?.(detector.name, done, total);
      });
      await pool?.close();
      await detector.close?.();
      summary.timeMs[detector.name] = Math.round(performance.now() - started);
    }
  } finally {
    out.close();
  }
  summary.interrupted = options.signal?.aborted ?? false;
  if (options.resume) await mergeScoreFiles(options.datasetDir, names, scoresFile, resumePath);
  return summary;
}

function countsFromManifest(datasetDir: string, tasks: Set<Task>): { total: number; remaining: number } | undefined {
  const path = manifestPath(datasetDir);
  if (!existsSync(path)) return undefined;
  try {
    const byTask = (JSON.parse(readFileSync(path, 'utf8')) as { counts?: { byTask?: Record<string, number> } }).counts?.byTask;
    if (!byTask) return undefined;
    let total = 0;
    for (const t of tasks) total += byTask[t] ?? 0;
    return { total, remaining: total };
  } catch {
    return undefined;
  }
}

/** Items of each detector's tasks, and how many of them still need an answer, in one pass over the dataset's ids. */
async function countPending(
  datasetDir: string,
  detectors: readonly LoadedDetector[],
  pending: (detector: string, id: string) => boolean,
): Promise<Map<string, { total: number; remaining: number }>> {
  const counts = new Map(detectors.map((d) => [d.detector.name, { total: 0, remaining: 0 }]));
  const byTask = detectors.map((d) => ({ name: d.detector.name, tasks: new Set<string>(d.detector.tasks), count: counts.get(d.detector.name)! }));
  for await (const { id, task } of sampleLines(samplesPath(datasetDir))) {
    for (const d of byTask) {
      if (!d.tasks.has(task)) continue;
      d.count.total++;
      if (pending(d.name, id)) d.count.remaining++;
    }
  }
  return counts;
}

async function scoreAll(
  loaded: LoadedDetector,
  lines: AsyncIterable<SampleLine>,
  wanted: (line: SampleLine) => boolean,
  options: ExecuteOptions,
  out: AppendFile,
  pool: WorkerPool<Sample[], ScoreRecord[]> | undefined,
  onRecords: (records: ScoreRecord[]) => void,
): Promise<void> {
  // The run's --batch-size is the user's word for this run: it wins over a config's batchSize (exec and http included).
  const batchSize = options.batchSize ?? loaded.batchSize ?? 32;
  const concurrency = Math.max(1, pool ? pool.size * 2 : (loaded.concurrency ?? 2));
  // Exec and http adapters time out items themselves and always answer; a batch deadline would cut their retries short.
  const timeoutMs = runsInWorkers(loaded.spec) ? (options.batchTimeoutMs ?? 120_000) : Number.POSITIVE_INFINITY;
  let batch: Sample[] = [];
  const score = (items: Sample[]): Promise<ScoreRecord[]> =>
    pool
      ? pool.run(items).catch((error: Error) => items.map((s) => ({ sampleId: s.id, detector: loaded.detector.name, error: `detector worker failed on this batch: ${error.message}` })))
      : scoreBatch(loaded.detector, items, timeoutMs, options.log);
  // Batches are written in launch order: one that finishes early waits, and counts as in flight until written.
  const ready = new Map<number, ScoreRecord[]>();
  let launched = 0;
  let written = 0;
  let wake: (() => void) | undefined;
  // Written the moment a batch is next in order, straight to the file: a kill -9 loses only the batches in flight.
  const flush = () => {
    while (ready.has(written)) {
      const records = ready.get(written)!;
      ready.delete(written);
      written++;
      // One write per batch: per-record writes cost more than the JSON.
      if (records.length > 0) out.write(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
      onRecords(records);
    }
    wake?.();
  };
  const launch = (items: Sample[]) => {
    const seq = launched++;
    void score(items).then((records) => {
      ready.set(seq, records);
      flush();
    });
  };
  const waitUntil = async (condition: () => boolean) => {
    while (!condition()) await new Promise<void>((r) => (wake = r));
  };
  // The dataset is read right here, not through a filtering generator: each layer of async iteration costs a promise per item.
  for await (const line of lines) {
    if (!wanted(line)) continue;
    if (options.signal?.aborted) break;
    batch.push(line.parse() as Sample);
    if (batch.length >= batchSize) {
      launch(batch);
      batch = [];
      await waitUntil(() => launched - written < concurrency);
    }
  }
  if (batch.length > 0 && !options.signal?.aborted) launch(batch);
  await waitUntil(() => written === launched);
}

/**
 * A file appended with synchronous writes: each record is with the kernel
 * when write() returns, so it survives a kill of this process (not a power
 * cut: no fsync, which would cost a disk flush per batch).
 */
class AppendFile {
  private fd: number | undefined;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    if (this.fd === undefined) throw new Error('scores file already closed');
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Merges the answers of a resume into scores.jsonl. Both files are sorted
 * by (detector, dataset order); where both answer an item (--retry-errors),
 * the resume's answer wins. Streams both files and the dataset.
 */
async function mergeScoreFiles(datasetDir: string, detectorNames: readonly string[], scoresFile: string, resumePath: string): Promise<void> {
  if (!existsSync(scoresFile)) writeFileAtomic(scoresFile, '');
  // A resume that had nothing left to score (every answer reused) leaves scores.jsonl as it is.
  if (statSync(resumePath).size === 0) {
    rmSync(resumePath, { force: true });
    return;
  }
  const tmp = `${scoresFile}.merge.tmp`;
  const out = createWriteStream(tmp, 'utf8');
  for (const name of detectorNames) {
    const old = new RecordCursor(scoresFile, name);
    const fresh = new RecordCursor(resumePath, name);
    for await (const { id } of sampleLines(samplesPath(datasetDir))) {
      const a = await old.take(id);
      const b = await fresh.take(id);
      const r = b ?? a;
      if (r && !out.write(`${r}\n`)) await once(out, 'drain');
    }
    await old.close();
    await fresh.close();
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, scoresFile);
  rmSync(resumePath, { force: true });
}

/** Reads one detector's records of a sorted scores file, in order, skipping torn lines. */
class RecordCursor {
  private readonly lines: LineCursor | undefined;
  private head: { id: string; line: string } | undefined | null = null;
  constructor(
    path: string,
    private readonly detector: string,
  ) {
    this.lines = existsSync(path) ? new LineCursor(path) : undefined;
  }

  private async peek(): Promise<{ id: string; line: string } | undefined> {
    while (this.head === null) {
      const line = await this.lines?.next();
      if (line === undefined) {
        this.head = undefined;
        break;
      }
      try {
        const r = JSON.parse(line) as ScoreRecord;
        if (r.detector === this.detector) this.head = { id: r.sampleId, line };
      } catch {
        // A line torn by a kill.
      }
    }
    return this.head ?? undefined;
  }

  /** The record for this sample if it is next; records are in dataset order, so anything else is a later sample. */
  async take(sampleId: string): Promise<string | undefined> {
    const head = await this.peek();
    if (head?.id !== sampleId) return undefined;
    this.head = null;
    return head.line;
  }

  async close(): Promise<void> {
    await this.lines?.close();
  }
}

/** In-process detectors (built-in names, ES modules) can be copied into worker threads; exec and http ones parallelise in their adapter. */
function runsInWorkers(spec: LoadedDetector['spec']): boolean {
  if (typeof spec === 'string') return !spec.toLowerCase().endsWith('.json');
  return spec.type === 'module';
}

/** Items a scoring worker must have to repay its start-up (loading the detector, the reference corpus, init). */
const ITEMS_PER_WORKER = 2000;

function scorePool(loaded: LoadedDetector, options: ExecuteOptions, threads: number): WorkerPool<Sample[], ScoreRecord[]> {
  const data: ScoreWorkerData = { spec: loaded.spec, baseDir: loaded.baseDir ?? process.cwd(), batchTimeoutMs: options.batchTimeoutMs ?? 120_000 };
  return new WorkerPool<Sample[], ScoreRecord[]>(workerEntry('score-worker', import.meta.url), threads, data);
}
