import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { DetectorIdentity, Run, ThresholdPolicy } from '../../core/types.js';
import { usageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/io.js';
import { toolVersion } from '../../core/version.js';
import { redactDetectorSpec } from '../../core/redact.js';
import type { DatasetRef } from './dataset-dir.js';
import { isLockedByOther, LOCK_FILE, lockDir } from './dir-lock.js';

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
 * A fresh run directory, locked for writing by this process: results/runs/<suite>-<UTC time>, or
 * --out. Never an earlier run unless --force, and then the earlier run's files are removed first, so
 * nothing of it (scores of a since-edited detector, its report) survives into the new one. A
 * directory that holds files but no run is never cleared, even with --force.
 */
export function createRunDir(cwd: string, suiteName: string, out: string | undefined, force: boolean, now = new Date()): { id: string; dir: string; release: () => void } {
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
  let id = `${suiteName}-${stamp}`;
  for (let n = 2; existsSync(join(base, id)); n++) id = `${suiteName}-${stamp}-${n}`;
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
  detectors: Array<{ identity: DetectorIdentity; spec: string | Record<string, unknown> }>;
  threshold: ThresholdPolicy;
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
    detectorSpecs: fields.detectors.map((d) => redactDetectorSpec(d.spec)),
    baseDir: storedDatasetPath(fields.runDir, fields.baseDir),
    threshold: fields.threshold,
    status: 'running',
  };
}
