import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Document, GeneratorFamily, GeneratorRuntime } from '../../core/types.js';
import { deriveSeed } from '../../core/rng.js';
import { sha256, stableStringify, writeFileAtomic } from '../../core/io.js';
import { toolVersion } from '../../core/version.js';
import { redactDetectorSpec } from '../../core/redact.js';
import { usageError } from '../../core/errors.js';
import { lockDir } from '../store/dir-lock.js';
import { suiteCorpus } from './suite-corpus.js';
import { TfIdfIndex } from './neighbours.js';
import { DocumentBuilder, suiteWaitsOnIO, type BuildPlan, type DocumentSamples } from './document-builder.js';
import { WorkerPool, workerEntry } from '../../core/worker-pool.js';
import type { BuildWorkerData } from './worker-data.js';
import type { ValidSuite } from './suite.js';
import type { DatasetManifest, Shard } from '../store/dataset-dir.js';
import { manifestPath, samplesPath } from '../store/dataset-dir.js';

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
  /** Worker threads; 1 builds on the main thread. The bytes are the same either way. */
  workers?: number;
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
  const workers = suiteWaitsOnIO(suite) ? 1 : Math.min(options.workers ?? 1, Math.ceil(mine.length / MIN_DOCS_PER_WORKER));

  mkdirSync(dir, { recursive: true });
  // One builder per directory: a second one fails at once, naming the first's pid.
  const release = lockDir(dir, 'dataset');
  const tmpPath = join(dir, `.samples.jsonl.${process.pid}.tmp`);
  const out = createWriteStream(tmpPath, 'utf8');
  const hash = createHash('sha256');
  // Keys in a fixed order (suite tasks; sorted skip reasons) so merged shard manifests equal unsharded ones byte for byte.
  const counts: DatasetManifest['counts'] = { samples: 0, byTask: Object.fromEntries(suite.tasks.map((t) => [t, 0])), calibration: 0, skipped: {} };
  const skipped: Record<string, number> = {};
  let generators: DatasetManifest['generators'] = [];
  const write = async (doc: DocumentSamples) => {
    for (const line of doc.lines) {
      hash.update(line);
      if (!out.write(line)) await once(out, 'drain');
    }
    counts.samples += doc.lines.length;
    for (const [t, n] of Object.entries(doc.byTask)) counts.byTask[t] = (counts.byTask[t] ?? 0) + n;
    counts.calibration += doc.calibration;
    for (const [k, n] of Object.entries(doc.skipped)) skipped[k] = (skipped[k] ?? 0) + n;
  };
  try {
    const builder = await DocumentBuilder.create(plan);
    generators = builder.generators.map((g) => ({ key: g.key, name: g.spec.name, family: g.family, ...(g.spec.params ? { params: g.spec.params } : {}) }));
    if (workers <= 1) {
      for (const [n, doc] of mine.entries()) {
        await builder.prefetch(mine, n);
        await write(builder.build(doc));
        options.onProgress?.(n + 1, mine.length);
      }
      generators = builder.describe(generators);
    } else {
      await buildInWorkers(plan, options.baseDir, mine, workers, write, (n) => options.onProgress?.(n, mine.length));
    }
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    rmSync(tmpPath, { force: true });
    release();
    throw error;
  }
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

/** Below this many documents per worker, starting workers costs more than it saves. */
const MIN_DOCS_PER_WORKER = 12;
const DOCS_PER_CHUNK = 4;

/**
 * Builds documents in worker threads, in chunks, and writes each chunk's
 * samples in document order as soon as every earlier chunk is written.
 */
async function buildInWorkers(
  plan: BuildPlan,
  baseDir: string,
  docs: readonly Document[],
  workers: number,
  write: (doc: DocumentSamples) => Promise<void>,
  onProgress: (done: number) => void,
): Promise<void> {
  // Neighbours are chosen once here (the workers have no TF-IDF index), for the documents this build covers.
  const neighbours: Record<string, string> = {};
  if (plan.suite.tasks.includes('reuse')) {
    for (const doc of docs) {
      const n = plan.nearest(doc);
      if (n) neighbours[doc.id] = n.id;
    }
  }
  const data: BuildWorkerData = { suite: plan.suite, baseDir, documentIds: plan.documents.map((d) => d.id), calibrationIds: [...plan.calibrationIds], neighbours };
  const pool = new WorkerPool<string[], DocumentSamples[]>(workerEntry('build-worker', import.meta.url), workers, data);
  try {
    const chunks: string[][] = [];
    for (let i = 0; i < docs.length; i += DOCS_PER_CHUNK) chunks.push(docs.slice(i, i + DOCS_PER_CHUNK).map((d) => d.id));
    // Bounded look-ahead keeps memory flat: at most 2 chunks per worker in flight or waiting.
    const results: Array<Promise<DocumentSamples[]>> = [];
    let launched = 0;
    let done = 0;
    for (let c = 0; c < chunks.length; c++) {
      while (launched < chunks.length && launched < c + workers * 2) {
        results[launched] = pool.run(chunks[launched]);
        // Failures surface when their chunk's turn comes; until then, keep them from counting as unhandled.
        results[launched].catch(() => undefined);
        launched++;
      }
      for (const doc of await results[c]) await write(doc);
      delete results[c];
      done += chunks[c].length;
      onProgress(done);
    }
  } finally {
    await pool.close();
  }
}
