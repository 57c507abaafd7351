import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Document, GeneratorRuntime } from '../../core/types.js';
import { deriveSeed } from '../../core/rng.js';
import { sha256, stableStringify, writeFileAtomic } from '../../core/io.js';
import { toolVersion } from '../../core/version.js';
import { redactDetectorSpec } from '../../core/redact.js';
import { usageError } from '../../core/errors.js';
import { lockDir } from '../store/dir-lock.js';
import { suiteCorpus } from './suite-corpus.js';
import { TfIdfIndex } from './neighbours.js';
import { DocumentBuilder, suiteWaitsOnIO, type BuildPlan, type DocumentCounts } from './document-builder.js';
import { WorkerPool, workerEntry } from '../../core/worker-pool.js';
import type { MessagePort } from 'node:worker_threads';
import { generatorEntry, type BuildWorkerBatch, type BuildWorkerData, type BuildWorkerReply } from './worker-data.js';
import type { ValidSuite } from './suite.js';
import type { DatasetManifest, Shard } from '../store/dataset-dir.js';
import { manifestPath, samplesPath } from '../store/dataset-dir.js';
import { processAlive } from '../../core/process-alive.js';

export type { DatasetManifest, Shard } from '../store/dataset-dir.js';
export { suiteCorpus } from './suite-corpus.js';

/** The shard a document belongs to: a hash of its id, so all samples of one source land together. */
export function shardOf(docId: string, count: number): number {
  return 1 + (parseInt(sha256(docId).slice(0, 8), 16) % count);
}

export interface BuildOptions {
  /** Folder relative corpus paths resolve from (the suite file's folder). */
  baseDir: string;
  /** Output directory; default <cwd>/results/datasets/<suite>-<specHash12>. */
  outDir?: string;
  cwd?: string;
  /** Rebuild even when a dataset with the same spec hash exists. */
  noCache?: boolean;
  /** Replace a dataset of another spec in `outDir` (without it, that is a usage error). */
  force?: boolean;
  /** Build only the documents of this shard (calibration and neighbours are still chosen over the whole selection). */
  shard?: Shard;
  /**
   * Most worker threads; 1 (the default) builds on the main thread. With 2 or
   * more the build runs off the main thread, so its generator tables are
   * freed when it ends, on one worker per `minDocsPerWorker` documents. The
   * bytes are the same either way.
   */
  workers?: number;
  /** Documents each build worker must have (default DOCS_PER_WORKER, from measured cost). */
  minDocsPerWorker?: number;
  onProgress?: (done: number, total: number) => void;
  /** How generators that wait on I/O (llm-rewrite) run: offline, cassette, concurrency. Changes no byte. */
  generatorRuntime?: GeneratorRuntime;
}

export interface BuiltDataset {
  dir: string;
  manifest: DatasetManifest;
  cached: boolean;
}

/** Picks `limit` documents by a seeded hash order, so adding a document rarely changes the pick. */
export function selectDocuments(documents: readonly Document[], limit: number | undefined, seed: string | number): Document[] {
  if (limit === undefined || limit >= documents.length) return [...documents];
  const ranked = documents.map((doc, i) => ({ doc, i, key: deriveSeed(seed, 'select', doc.id) }));
  ranked.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return ranked.slice(0, limit).sort((a, b) => a.i - b.i).map((r) => r.doc);
}

export function specHashOf(suite: ValidSuite, corpusId: string): string {
  return sha256(stableStringify({ suite, corpusId, toolVersion: toolVersion(), format: 1 }));
}

/**
 * Builds a suite into a dataset directory: samples.jsonl and manifest.json.
 * The same spec gives the same bytes on any machine; an existing dataset
 * with the same spec hash is reused unless `noCache`.
 */
export async function buildDataset(suite: ValidSuite, options: BuildOptions): Promise<BuiltDataset> {
  const corpus = suiteCorpus(suite, options.baseDir);
  const specHash = specHashOf(suite, corpus.id);
  const shardSuffix = options.shard ? `-shard-${options.shard.index}-of-${options.shard.count}` : '';
  const dir = options.outDir ?? join(options.cwd ?? process.cwd(), 'results', 'datasets', `${suite.name}-${specHash.slice(0, 12)}${shardSuffix}`);
  const manifestFile = manifestPath(dir);
  if (existsSync(manifestFile) && existsSync(samplesPath(dir))) {
    const existing = JSON.parse(readFileSync(manifestFile, 'utf8')) as DatasetManifest;
    const sameShard = existing.shard?.index === options.shard?.index && existing.shard?.count === options.shard?.count;
    const same = existing.specHash === specHash && sameShard;
    if (same && !options.noCache) return { dir, manifest: existing, cached: true };
    // Runs cite a dataset by hash and find it by directory: replacing another spec's dataset breaks them.
    if (!same && !options.force) {
      throw usageError(`${dir}: holds the dataset of another spec (suite "${existing.suite?.name}", hash ${String(existing.hash).slice(0, 12)}); choose another --out, or pass --force to replace it`);
    }
  }

  const documents = selectDocuments(corpus.documents, suite.corpus.limit, suite.seed);
  const calibrationIds = new Set(selectDocuments(documents, Math.round(documents.length * suite.calibrationShare), `${suite.seed}/calibration`).map((d) => d.id));
  // Neighbours come from the whole corpus, not only the selected passages: the nearest other article.
  // Only the reuse task asks for neighbours; the index is built on first use.
  let tfidf: TfIdfIndex | undefined;
  const plan: BuildPlan = { suite, corpus: corpus.documents, documents, calibrationIds, nearest: (doc) => (tfidf ??= tfidfFor(corpus.id, corpus.documents)).nearest(doc.id), runtime: options.generatorRuntime };
  const shard = options.shard;
  const mine = shard ? documents.filter((d) => shardOf(d.id, shard.count) === shard.index) : documents;
  // A generator waiting on an endpoint gets its parallelism from concurrent requests, on the main thread.
  const threads = suiteWaitsOnIO(suite) ? 0 : buildThreads(options.workers ?? 1, mine.length, options.minDocsPerWorker ?? DOCS_PER_WORKER);

  mkdirSync(dir, { recursive: true });
  // One builder per directory: a second one fails at once, naming the first's pid.
  const release = lockDir(dir, 'dataset');
  removeStaleTemps(dir);
  const tmpPath = join(dir, `${TMP_PREFIX}${process.pid}.tmp`);
  const dropTemp = () => rmSync(tmpPath, { force: true });
  // A build cut short by process.exit (a second Ctrl-C, a fatal error) leaves no partial samples behind.
  process.once('exit', dropTemp);
  const out = createWriteStream(tmpPath, 'utf8');
  const hash = createHash('sha256');
  // Keys in a fixed order (suite tasks; sorted skip reasons) so merged shard manifests equal unsharded ones byte for byte.
  const counts: DatasetManifest['counts'] = { samples: 0, byTask: Object.fromEntries(suite.tasks.map((t) => [t, 0])), calibration: 0, skipped: {} };
  const skipped: Record<string, number> = {};
  let generators: DatasetManifest['generators'] = [];
  // Lines are written as they come, so a document's samples are never all in memory at once.
  const sink: SampleSink = {
    async write(lines) {
      for (const line of lines) {
        hash.update(line);
        if (!out.write(line)) await once(out, 'drain');
      }
    },
    count(doc) {
      counts.samples += doc.samples;
      for (const [t, n] of Object.entries(doc.byTask)) counts.byTask[t] = (counts.byTask[t] ?? 0) + n;
      counts.calibration += doc.calibration;
      for (const [k, n] of Object.entries(doc.skipped)) skipped[k] = (skipped[k] ?? 0) + n;
    },
  };
  try {
    if (threads === 0) {
      const builder = await DocumentBuilder.create(plan);
      generators = builder.generators.map(generatorEntry);
      // Endpoint calls cost money and time: say how many before the first one (the caller may stop here).
      if (builder.waitsOnIO) options.generatorRuntime?.onCost?.(builder.estimate(mine));
      for (const [n, doc] of mine.entries()) {
        await builder.prefetch(mine, n);
        const lines = builder.lines(doc);
        for (let next = lines.next(); ; next = lines.next()) {
          if (next.done) {
            sink.count(next.value);
            break;
          }
          await sink.write([next.value]);
        }
        options.onProgress?.(n + 1, mine.length);
      }
      generators = builder.describe(generators);
    } else {
      // The main thread loads no generator: the workers hold the only copy of its tables, and name the generators.
      generators = await buildInWorkers(plan, options.baseDir, mine, threads, sink, (n) => options.onProgress?.(n, mine.length));
    }
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    dropTemp();
    process.off('exit', dropTemp);
    release();
    throw error;
  }
  process.off('exit', dropTemp);
  const manifest: DatasetManifest = {
    format: 1,
    toolVersion: toolVersion(),
    // The manifest is committed beside runs: inline detector configs lose their secrets here.
    suite: suite.detectors ? { ...suite, detectors: suite.detectors.map(redactDetectorSpec) } : suite,
    corpus: { kind: corpus.kind, id: corpus.id, documents: corpus.documents.length, used: mine.length },
    specHash,
    hash: hash.digest('hex'),
    counts,
    generators,
    ...(shard ? { shard: { ...shard, documents: documents.map((d) => d.id) } } : {}),
  };
  counts.skipped = sortKeys(skipped);
  renameSync(tmpPath, samplesPath(dir));
  writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  release();
  return { dir, manifest, cached: false };
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const tfidfCache = new Map<string, TfIdfIndex>();
/** One TF-IDF index per corpus content per process (shard builds and tests reuse it). */
function tfidfFor(corpusId: string, documents: readonly Document[]): TfIdfIndex {
  let index = tfidfCache.get(corpusId);
  if (!index) {
    index = new TfIdfIndex(documents);
    tfidfCache.clear();
    tfidfCache.set(corpusId, index);
  }
  return index;
}

/**
 * Documents per build worker. A worker loads every generator table (about
 * 200 MB and 1-2 s of CPU with the default suite) before its first document,
 * which costs ~25 ms of CPU: on 2 cores the 80-document default suite took
 * 12.3 s CPU and 373 MB peak with one worker, 15.6 s and 697 MB with two
 * (bench, issue 20). A second worker pays only past a few hundred documents.
 */
export const DOCS_PER_WORKER = 250;
const DOCS_PER_CHUNK = 4;
const TMP_PREFIX = '.samples.jsonl.';

/** Worker threads for a build: 0 builds on the main thread (workers 1, or nothing to build). */
export function buildThreads(workers: number, documents: number, docsPerWorker: number): number {
  if (workers <= 1 || documents === 0) return 0;
  return Math.max(1, Math.min(workers, Math.floor(documents / docsPerWorker)));
}

/** Removes the temp samples of builds whose process is gone (killed with -9, machine reset); ours and live ones stay. */
function removeStaleTemps(dir: string): void {
  for (const name of readdirSync(dir)) {
    const match = name.startsWith(TMP_PREFIX) && /^(\d+)\.tmp$/.exec(name.slice(TMP_PREFIX.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && !processAlive(pid)) rmSync(join(dir, name), { force: true });
  }
}



/** Where a build's samples go: lines in order, and each document's counts after its lines. */
interface SampleSink {
  write(lines: readonly string[]): Promise<void>;
  count(doc: DocumentCounts): void;
}

/**
 * Builds documents in worker threads, in chunks, and writes each chunk's
 * samples in document order as soon as every earlier chunk is written; a
 * chunk's samples arrive in batches as the worker builds them.
 */
async function buildInWorkers(
  plan: BuildPlan,
  baseDir: string,
  docs: readonly Document[],
  workers: number,
  sink: SampleSink,
  onProgress: (done: number) => void,
): Promise<DatasetManifest['generators']> {
  // Neighbours are chosen once here (the workers have no TF-IDF index), for the documents this build covers.
  const neighbours: Record<string, string> = {};
  if (plan.suite.tasks.includes('reuse')) {
    for (const doc of docs) {
      const n = plan.nearest(doc);
      if (n) neighbours[doc.id] = n.id;
    }
  }
  const data: BuildWorkerData = { suite: plan.suite, baseDir, documentIds: plan.documents.map((d) => d.id), calibrationIds: [...plan.calibrationIds], neighbours };
  // One worker first: once it has loaded the generators' tables into shared memory, the others start with them,
  // so the process holds one WordNet index, one naive-spin table and one n-gram model however many workers build.
  const pool = new WorkerPool<string[], BuildWorkerReply>(workerEntry('build-worker', import.meta.url), 1, data);
  let generators: DatasetManifest['generators'] = [];
  try {
    const chunks: string[][] = [];
    for (let i = 0; i < docs.length; i += DOCS_PER_CHUNK) chunks.push(docs.slice(i, i + DOCS_PER_CHUNK).map((d) => d.id));
    // Bounded look-ahead keeps memory flat: at most 2 chunks per worker in flight or waiting.
    const results: Array<Promise<BuildWorkerReply>> = [];
    let launched = 0;
    let done = 0;
    for (let c = 0; c < chunks.length; c++) {
      while (launched < chunks.length && launched < c + workers * 2) {
        results[launched] = pool.run(chunks[launched]);
        // Failures surface when their chunk's turn comes; until then, keep them from counting as unhandled.
        results[launched].catch(() => undefined);
        launched++;
      }
      const reply = await results[c];
      if (pool.size < workers) pool.grow(workers - pool.size, { ...data, cacheBytes: reply.cacheBytes });
      generators = reply.generators;
      await receive(reply.port, sink);
      delete results[c];
      done += chunks[c].length;
      onProgress(done);
    }
  } finally {
    await pool.close();
  }
  return generators;
}

/** Writes the batches of one chunk from its worker's port, answering each once written; resolves at the chunk's end. */
async function receive(port: MessagePort, sink: SampleSink): Promise<void> {
  const inbox: BuildWorkerBatch[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  port.on('message', (batch: BuildWorkerBatch) => {
    inbox.push(batch);
    wake?.();
  });
  // A worker that dies mid-chunk closes its end of the channel.
  port.on('close', () => {
    closed = true;
    wake?.();
  });
  try {
    for (;;) {
      while (inbox.length === 0) {
        if (closed) throw new Error('build worker exited before the end of its documents');
        await new Promise<void>((resolve) => (wake = resolve));
      }
      wake = undefined;
      const batch = inbox.shift()!;
      if ('end' in batch) return;
      if ('error' in batch) throw new Error(batch.error);
      await sink.write(batch.lines);
      if (batch.counts) sink.count(batch.counts);
      port.postMessage(0);
    }
  } finally {
    port.close();
  }
}
