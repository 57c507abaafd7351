import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { CorpusView, Document, GeneratorFamily, Sample, Task } from '../core/types.js';
import { deriveSeed } from '../core/rng.js';
import { sha256, stableStringify, writeFileAtomic } from '../core/io.js';
import { toolVersion } from '../core/version.js';
import { findGenerator, findPreset } from '../generators/registry.js';
import { loadChain, parseChain, runChain } from '../generators/chain.js';
import { embeddedCorpus, embeddedCorpusVersion, loadCorpus } from './corpus.js';
import { TfIdfIndex } from './tfidf.js';
import { TASK_BUILDERS } from './tasks/index.js';
import type { ResolvedGenerator, TaskBuildContext } from './tasks/contract.js';
import type { ValidSuite } from './suite.js';

/** manifest.json of a dataset directory. Deterministic: no wall clock. */
export interface DatasetManifest {
  format: 1;
  toolVersion: string;
  suite: ValidSuite;
  corpus: { kind: string; id: string; documents: number; used: number };
  /** sha256 of the spec (suite, corpus id, tool version): the cache key. */
  specHash: string;
  /** sha256 of samples.jsonl: the dataset hash a run cites. */
  hash: string;
  counts: { samples: number; byTask: Record<string, number>; calibration: number; skipped: Record<string, number> };
  generators: Array<{ key: string; name: string; family: GeneratorFamily; params?: Record<string, unknown> }>;
  /** Present on a shard's dataset only: which slice, and the order of all selected documents (for merge). */
  shard?: Shard & { documents: string[] };
}

/** Shard i of n (1-based). */
export interface Shard {
  index: number;
  count: number;
}

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
  /** Build only the documents of this shard (calibration and neighbours are still chosen over the whole selection). */
  shard?: Shard;
  onProgress?: (done: number, total: number) => void;
}

export interface BuiltDataset {
  dir: string;
  manifest: DatasetManifest;
  cached: boolean;
}

/** Loads the suite's corpus and returns (all documents, id of the corpus content). */
export function suiteCorpus(suite: ValidSuite, baseDir: string): { documents: Document[]; id: string; kind: string } {
  if (suite.corpus.kind === 'embedded') return { documents: embeddedCorpus(), id: embeddedCorpusVersion(), kind: 'embedded' };
  const path = resolve(baseDir, suite.corpus.path);
  const documents = loadCorpus(path, { textColumn: suite.corpus.textColumn });
  return { documents, id: `sha256:${sha256(stableStringify(documents))}`, kind: 'path' };
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

export function generatorKey(spec: { name: string; label?: string; params?: Record<string, unknown> }): string {
  if (spec.label) return spec.label;
  const params = Object.entries(spec.params ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return params.length === 0 ? spec.name : `${spec.name}[${params.map(([k, v]) => `${k}=${String(v)}`).join(',')}]`;
}

function familyOf(name: string): GeneratorFamily {
  const first = parseChain(name)[0]?.generator ?? name;
  return findPreset(name)?.family ?? findGenerator(first)?.family ?? 'utility';
}

async function resolveGenerator(spec: { name: string; label?: string; intensities: number[]; params?: Record<string, string | number | boolean>; tasks?: Task[] }): Promise<ResolvedGenerator> {
  const chain = await loadChain(spec.name, spec.params);
  return { key: generatorKey(spec), spec, chain, family: familyOf(spec.name) };
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
  const manifestPath = join(dir, 'manifest.json');
  if (!options.noCache && existsSync(manifestPath) && existsSync(join(dir, 'samples.jsonl'))) {
    const existing = JSON.parse(readFileSync(manifestPath, 'utf8')) as DatasetManifest;
    const sameShard = existing.shard?.index === options.shard?.index && existing.shard?.count === options.shard?.count;
    if (existing.specHash === specHash && sameShard) return { dir, manifest: existing, cached: true };
  }

  const limit = suite.corpus.limit;
  const documents = selectDocuments(corpus.documents, limit, suite.seed);
  const view: CorpusView = { documents: corpus.documents };
  const generators = await Promise.all(suite.generators.map(resolveGenerator));
  const attacks = await Promise.all(suite.negativeAttacks.map((a) => resolveGenerator({ ...a, intensities: [a.intensity] })));
  const calibrationIds = new Set(selectDocuments(documents, Math.round(documents.length * suite.calibrationShare), `${suite.seed}/calibration`).map((d) => d.id));
  // Neighbours come from the whole corpus, not only the selected passages: the nearest other article.
  const tfidf = tfidfFor(corpus.id, corpus.documents);
  const skipped: Record<string, number> = {};
  const perturbCache = new Map<string, ReturnType<TaskBuildContext['perturb']>>();

  const context = (task: Task): TaskBuildContext => ({
    suite,
    documents,
    corpus: view,
    generators: generators.filter((g) => (g.spec.tasks ?? suite.tasks).includes(task)),
    negativeAttacks: attacks.filter((a) => (a.spec.tasks ?? suite.tasks).includes(task)),
    perturb(gen, doc, intensity, sampleIndex) {
      // Tasks share generator outputs: the tamper and reuse samples of one (doc, generator, intensity, index) are one corruption.
      const key = `${gen.key}\u0000${doc.id}\u0000${intensity}\u0000${sampleIndex}`;
      const hit = perturbCache.get(key);
      if (hit) return hit;
      const seed = deriveSeed(suite.seed, doc.id, gen.key, sampleIndex);
      const result = { ...runChain(gen.chain, doc.text, { intensity, seed, corpus: view, documentId: doc.id }), seed };
      perturbCache.set(key, result);
      return result;
    },
    nearest: (doc) => tfidf.nearest(doc.id),
    isCalibration: (doc) => calibrationIds.has(doc.id),
    skip: (reason) => {
      const key = `${task}:${reason}`;
      skipped[key] = (skipped[key] ?? 0) + 1;
    },
  });

  mkdirSync(dir, { recursive: true });
  const tmpPath = join(dir, `.samples.jsonl.${process.pid}.tmp`);
  const out = createWriteStream(tmpPath, 'utf8');
  const hash = createHash('sha256');
  // Keys in a fixed order (suite tasks; sorted skip reasons) so merged shard manifests equal unsharded ones byte for byte.
  const counts: DatasetManifest['counts'] = { samples: 0, byTask: Object.fromEntries(suite.tasks.map((t) => [t, 0])), calibration: 0, skipped: {} };
  const shard = options.shard;
  const mine = shard ? documents.filter((d) => shardOf(d.id, shard.count) === shard.index) : documents;
  const builders = await Promise.all(suite.tasks.map(async (task) => ({ task, builder: await TASK_BUILDERS[task](), ctx: context(task) })));
  try {
    for (const [n, doc] of mine.entries()) {
      for (const { task, builder, ctx } of builders) {
        for (const sample of builder.build(ctx, doc)) {
          const line = `${JSON.stringify(sample)}\n`;
          hash.update(line);
          if (!out.write(line)) await once(out, 'drain');
          counts.samples++;
          counts.byTask[task] = (counts.byTask[task] ?? 0) + 1;
          if (sample.split === 'calibration') counts.calibration++;
        }
      }
      // Generator outputs are shared by the tasks of one document only: memory stays flat.
      perturbCache.clear();
      options.onProgress?.(n + 1, mine.length);
    }
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    rmSync(tmpPath, { force: true });
    throw error;
  }
  const manifest: DatasetManifest = {
    format: 1,
    toolVersion: toolVersion(),
    suite,
    corpus: { kind: corpus.kind, id: corpus.id, documents: corpus.documents.length, used: mine.length },
    specHash,
    hash: hash.digest('hex'),
    counts,
    generators: generators.map((g) => ({ key: g.key, name: g.spec.name, family: g.family, ...(g.spec.params ? { params: g.spec.params } : {}) })),
    ...(shard ? { shard: { ...shard, documents: documents.map((d) => d.id) } } : {}),
  };
  counts.skipped = sortKeys(skipped);
  renameSync(tmpPath, join(dir, 'samples.jsonl'));
  writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
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
