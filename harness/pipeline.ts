import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Run, ThresholdPolicy } from '../core/types.js';
import { usageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/io.js';
import { toolVersion } from '../core/version.js';
import { loadDetector } from '../detectors/load.js';
import { DETECTORS } from '../detectors/registry.js';
import { buildDataset, type DatasetManifest, type Shard } from './dataset.js';
import { loadSuite, type LoadedSuite, type ValidSuite } from './suite.js';
import { referenceCorpus } from './corpus.js';
import { executeRun, type ExecuteSummary, type LoadedDetector } from './run.js';
import type { Progress } from './progress.js';

export interface DatasetRef {
  dir: string;
  manifest: DatasetManifest;
  cached: boolean;
}

/** Loads a suite by name or path, optionally replacing its corpus with a user corpus path. */
export async function resolveSuite(ref: string | undefined, cwd: string, corpusPath?: string): Promise<LoadedSuite> {
  const loaded = await loadSuite(ref ?? 'default', cwd);
  if (corpusPath !== undefined) {
    const suite: ValidSuite = { ...loaded.suite, corpus: { kind: 'path', path: resolve(cwd, corpusPath), limit: loaded.suite.corpus.limit } };
    return { ...loaded, suite };
  }
  return loaded;
}

/** Opens an already built dataset directory. */
export function openDataset(dir: string): DatasetRef {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath) || !existsSync(join(dir, 'samples.jsonl'))) throw usageError(`${dir}: not a dataset directory (needs manifest.json and samples.jsonl; make one with gauntlet build)`);
  return { dir, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as DatasetManifest, cached: true };
}

/** Parses `--shard i/n` (1 <= i <= n). */
export function parseShard(raw: unknown): Shard | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(String(raw));
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw usageError(`--shard must be i/n with 1 <= i <= n, got "${String(raw)}"`);
  return { index, count };
}

export async function prepareDataset(
  loaded: LoadedSuite,
  options: { cwd: string; outDir?: string; noCache?: boolean; progress?: Progress; shard?: Shard; workers?: number },
): Promise<DatasetRef> {
  return buildDataset(loaded.suite, {
    shard: options.shard,
    workers: options.workers,
    baseDir: loaded.baseDir,
    outDir: options.outDir ? resolve(options.cwd, options.outDir) : undefined,
    cwd: options.cwd,
    noCache: options.noCache,
    onProgress: (done, total) => options.progress?.update('building dataset', done, total),
  });
}

/** The detectors a run uses: those asked for, else the suite's, else every built-in for the suite's tasks. */
export async function resolveDetectors(
  specs: Array<string | Record<string, unknown>>,
  suite: ValidSuite,
  baseDir: string,
  onLog?: (line: string) => void,
): Promise<LoadedDetector[]> {
  const fromSuite = specs.length === 0 && suite.detectors !== undefined && suite.detectors.length > 0;
  const chosen = specs.length > 0 ? specs : fromSuite ? suite.detectors! : DETECTORS.filter((d) => d.tasks.some((t) => suite.tasks.includes(t))).map((d) => d.name);
  const loaded: LoadedDetector[] = [];
  for (const [i, spec] of chosen.entries()) {
    const { detector, identity, ...rest } = await loadDetector(spec, baseDir, { onLog, where: fromSuite ? `suite "${suite.name}": detectors[${i}]` : undefined });
    if (loaded.some((l) => l.detector.name === detector.name)) throw usageError(`two detectors are named "${detector.name}"; give one a "name" in its config`);
    loaded.push({ detector, identity, spec, baseDir, ...(rest as Partial<LoadedDetector>) });
  }
  return loaded;
}

/** A fresh run directory: results/runs/<suite>-<UTC time>, or --out; never an earlier run unless --force. */
export function createRunDir(cwd: string, suiteName: string, out: string | undefined, force: boolean, now = new Date()): { id: string; dir: string } {
  if (out !== undefined) {
    const dir = resolve(cwd, out);
    if (existsSync(dir) && readdirSync(dir).length > 0 && !force) throw usageError(`${out}: already holds files (an earlier run?); pass --force to overwrite it`);
    mkdirSync(dir, { recursive: true });
    return { id: dir.split(/[\\/]/).pop() ?? 'run', dir };
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = join(cwd, 'results', 'runs');
  let id = `${suiteName}-${stamp}`;
  for (let n = 2; existsSync(join(base, id)); n++) id = `${suiteName}-${stamp}-${n}`;
  const dir = join(base, id);
  mkdirSync(dir, { recursive: true });
  return { id, dir };
}

/** Finds a run by id (under results/runs) or path. */
export function findRunDir(cwd: string, ref: string): string {
  const candidates = [resolve(cwd, ref), join(cwd, 'results', 'runs', ref)];
  const dir = candidates.find((d) => existsSync(join(d, 'run.json')));
  if (!dir) throw usageError(`${ref}: no run found (looked for run.json in ${candidates.join(' and ')})`);
  return dir;
}

/** run.json: the Run plus what --resume needs to reload the detectors, and run-time metadata. */
export interface RunRecord extends Run {
  detectorSpecs: Array<string | Record<string, unknown>>;
  /** Folder relative detector paths resolve from. */
  baseDir: string;
  timing?: { detectorMs: Record<string, number> };
  items?: { scored: number; errors: number; reused: number };
  /** Detectors whose scores came from an earlier run (score cache), by run id. */
  reusedScores?: Record<string, string>;
}

export function readRun(dir: string): RunRecord {
  return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;
}

export function writeRun(dir: string, run: RunRecord): void {
  writeFileAtomic(join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
}

/** A path as stored in run.json: relative to the run directory when possible, so committed runs move with the repo. */
export function storedDatasetPath(runDir: string, datasetDir: string): string {
  const rel = relative(runDir, datasetDir);
  return isAbsolute(rel) ? datasetDir : rel;
}

export interface ScoreOptions {
  runDir: string;
  dataset: DatasetRef;
  detectors: LoadedDetector[];
  resume?: boolean;
  retryErrors?: boolean;
  batchSize?: number;
  workers?: number;
  progress?: Progress;
  signal?: AbortSignal;
  log: (line: string) => void;
}

export async function scoreDataset(options: ScoreOptions): Promise<ExecuteSummary> {
  return executeRun({
    datasetDir: options.dataset.dir,
    runDir: options.runDir,
    detectors: options.detectors,
    resume: options.resume,
    retryErrors: options.retryErrors,
    batchSize: options.batchSize,
    workers: options.workers,
    reference: referenceCorpus,
    onProgress: (name, done, total) => options.progress?.update(`scoring ${name}`, done, total),
    log: options.log,
    signal: options.signal,
  });
}

export function newRunRecord(fields: { id: string; command: string; dataset: DatasetRef; runDir: string; detectors: LoadedDetector[]; threshold: ThresholdPolicy; baseDir: string }): RunRecord {
  return {
    id: fields.id,
    createdAt: new Date().toISOString(),
    toolVersion: toolVersion(),
    command: fields.command,
    datasetHash: fields.dataset.manifest.hash,
    datasetDir: storedDatasetPath(fields.runDir, fields.dataset.dir),
    suite: fields.dataset.manifest.suite.name,
    detectors: fields.detectors.map((d) => d.identity),
    detectorSpecs: fields.detectors.map((d) => d.spec),
    baseDir: storedDatasetPath(fields.runDir, fields.baseDir),
    threshold: fields.threshold,
    status: 'running',
  };
}

export function parseThreshold(raw: unknown, fallback: ThresholdPolicy | undefined): ThresholdPolicy {
  if (raw === undefined) return fallback ?? { kind: 'fpr', target: 0.05 };
  const text = String(raw);
  if (text === 'label') return { kind: 'label' };
  const fpr = /^fpr[:=]([0-9.]+)$/.exec(text);
  if (fpr) {
    const target = Number(fpr[1]);
    if (!(target > 0 && target < 1)) throw usageError(`--threshold fpr:X needs 0 < X < 1, got "${text}"`);
    return { kind: 'fpr', target };
  }
  const value = Number(text);
  if (text.trim() !== '' && Number.isFinite(value)) return { kind: 'fixed', value };
  throw usageError(`--threshold must be "label", "fpr:0.05" or a number, got "${text}"`);
}
