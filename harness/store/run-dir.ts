import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { DetectorIdentity, Run, ThresholdPolicy } from '../../core/types.js';
import { usageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/io.js';
import { toolVersion } from '../../core/version.js';
import { redactDetectorSpec } from '../../core/redact.js';
import type { DatasetRef } from './dataset-dir.js';
import { isLockedByOther, LOCK_FILE, lockDir } from './dir-lock.js';
import { rebaseDetectorSpec } from './stored-paths.js';

/**
 * A run directory and the one place that names its files. Every stage reads
 * and writes a run through here: the runner appends scores, the report
 * writes its formats, merge and the score cache read run.json.
 */
export const RUN_FILES = {
  record: 'run.json',
  scores: 'scores.jsonl',
  log: 'log.txt',
} as const;

/** Where runs go by default: `<cwd>/results/runs/<id>`. */
export function runsRoot(cwd: string): string {
  return join(cwd, 'results', 'runs');
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

export function runRecordPath(dir: string): string {
  return join(dir, RUN_FILES.record);
}

export function scoresPath(dir: string): string {
  return join(dir, RUN_FILES.scores);
}

export function readRun(dir: string): RunRecord {
  return JSON.parse(readFileSync(runRecordPath(dir), 'utf8')) as RunRecord;
}

export function writeRun(dir: string, run: RunRecord): void {
  writeFileAtomic(runRecordPath(dir), `${JSON.stringify(run, null, 2)}\n`);
}

/** True when the directory holds a run (its run.json). */
export function isRunDir(dir: string): boolean {
  return existsSync(runRecordPath(dir));
}

/**
 * A fresh run directory, locked for writing by this process: results/runs/<name>-<UTC time> (name: see runName), or
 * --out. Never an earlier run unless --force, and then the earlier run's files are removed first, so
 * nothing of it (scores of a since-edited detector, its report) survives into the new one. A
 * directory that holds files but no run is never cleared, even with --force.
 */
export function createRunDir(cwd: string, name: string, out: string | undefined, force: boolean, now = new Date()): { id: string; dir: string; release: () => void } {
  if (out !== undefined) {
    const dir = resolve(cwd, out);
    const entries = existsSync(dir) ? readdirSync(dir).filter((name) => name !== LOCK_FILE) : [];
    if (isLockedByOther(dir)) lockDir(dir, 'run'); // throws, naming the writer
    if (entries.length > 0) {
      if (!force) throw usageError(`${out}: already holds files (an earlier run?); pass --force to overwrite it`);
      if (!isRunDir(dir)) throw usageError(`${out}: holds files but no ${RUN_FILES.record}; --force replaces runs only, so choose another --out or empty it yourself`);
    }
    mkdirSync(dir, { recursive: true });
    const release = lockDir(dir, 'run');
    for (const name of entries) rmSync(join(dir, name), { recursive: true, force: true });
    return { id: dir.split(/[\\/]/).pop() ?? 'run', dir, release };
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = runsRoot(cwd);
  let id = `${name}-${stamp}`;
  for (let n = 2; existsSync(join(base, id)); n++) id = `${name}-${stamp}-${n}`;
  const dir = join(base, id);
  mkdirSync(dir, { recursive: true });
  return { id, dir, release: lockDir(dir, 'run') };
}

/** A run given as a directory, or as an id under results/runs/. */
export function findRunDir(cwd: string, ref: string): string {
  const candidates = [resolve(cwd, ref), join(runsRoot(cwd), ref)];
  const dir = candidates.find(isRunDir);
  if (!dir) throw usageError(`no run "${ref}": neither ${candidates.join(' nor ')} holds a ${RUN_FILES.record}`);
  return dir;
}

/**
 * How a run is named under results/runs/ before its time stamp: the suite
 * and the corpus (`embedded`, or the corpus file's or folder's base name),
 * so runs of one suite on several corpora tell themselves apart.
 */
export function runName(suite: { name: string; corpus: { kind: string; path?: string } }): string {
  const corpus = suite.corpus.kind === 'path' && suite.corpus.path ? corpusLabel(suite.corpus.path) : 'embedded';
  return `${suite.name}-${corpus}`;
}

/** A corpus path's base name without its extension, as letters, digits, dot, dash and underscore (at most 40). */
export function corpusLabel(path: string): string {
  const base = basename(path.replace(/[\\/]+$/, '')).replace(/\.(jsonl|csv|txt|json)$/i, '');
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 40).replace(/[-.]+$/, '');
  return clean === '' ? 'corpus' : clean;
}

/** A path as stored in run.json: relative to the run directory when possible, so committed runs move with the repo. */
export function storedDatasetPath(runDir: string, datasetDir: string): string {
  const rel = relative(runDir, datasetDir);
  return isAbsolute(rel) ? datasetDir : rel;
}

/**
 * When the run was made: now, or SOURCE_DATE_EPOCH (seconds, the
 * reproducible-builds convention) so a committed reference run regenerates
 * byte for byte, its reports included.
 */
export function runTimestamp(env: Record<string, string | undefined> = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

export function newRunRecord(fields: {
  id: string;
  command: string;
  dataset: DatasetRef;
  runDir: string;
  /** Each with the folder its spec's paths resolved against (default: `baseDir`). */
  detectors: Array<{ identity: DetectorIdentity; spec: string | Record<string, unknown>; baseDir?: string }>;
  threshold: ThresholdPolicy;
  /** Folder the stored detector specs resolve against (the working directory of the run). */
  baseDir: string;
}): RunRecord {
  return {
    id: fields.id,
    createdAt: runTimestamp(),
    toolVersion: toolVersion(),
    command: fields.command,
    datasetHash: fields.dataset.manifest.hash,
    datasetDir: storedDatasetPath(fields.runDir, fields.dataset.dir),
    suite: fields.dataset.manifest.suite.name,
    detectors: fields.detectors.map((d) => d.identity),
    // Secrets (header and env values, URL credentials) never enter run.json: a committed run would leak them.
    // Their paths are rebased onto baseDir, so that one folder resolves them all (a suite's detectors resolved against the suite's).
    detectorSpecs: fields.detectors.map((d) => redactDetectorSpec(rebaseDetectorSpec(d.spec, d.baseDir ?? fields.baseDir, fields.baseDir))),
    baseDir: storedDatasetPath(fields.runDir, fields.baseDir),
    threshold: fields.threshold,
    status: 'running',
  };
}
