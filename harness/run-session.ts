/**
 * A run from start to report, as plain functions: what `gauntlet run` and
 * `gauntlet run --resume` do, without flags, progress bars or signals.
 * The CLI parses its flags into these options and prints the summary.
 */
import { join, resolve } from 'node:path';
import { GauntletError, usageError } from '../core/errors.js';
import type { GeneratorRuntime, Suite, ThresholdPolicy } from '../core/types.js';
import { prepareDataset, resolveSuite, withCorpus } from './build/prepare.js';
import { validateSuite, type LoadedSuite } from './build/suite.js';
import { DEFAULT_THRESHOLD_POLICY } from './evaluate/threshold-policy.js';
import type { Rule } from './evaluate/rules.js';
import { metricsWarnings } from './evaluate/warnings.js';
import { writeRunReport, type RunReport } from './report/index.js';
import { resolveDetectors } from './score/detectors.js';
import type { ExecuteSummary, LoadedDetector } from './score/runner.js';
import { seedFromCache } from './score/score-cache.js';
import { scoreDataset } from './score/score-dataset.js';
import { openDataset, type DatasetRef, type Shard } from './store/dataset-dir.js';
import { lockDir } from './store/dir-lock.js';
import { createRunLog, type RunLog } from './store/run-log.js';
import { createRunDir, findRunDir, newRunRecord, readRun, RUN_FILES, runName, runsRoot, writeRun, type RunRecord } from './store/run-dir.js';

/** A suite: a built-in name (`default`, `full`), a .json or .mjs path, or the suite itself (see defineSuite); validated either way. */
export type SuiteRef = string | Partial<Suite>;

/** Options of {@link buildSuite}. */
export interface BuildSuiteOptions {
  /** The suite (default: `default`). */
  suite?: SuiteRef;
  /** Folder relative paths resolve from (default: the process's). */
  cwd?: string;
  /** Replaces the suite's corpus: a directory of .txt, a .jsonl or a .csv. */
  corpus?: string;
  /** Dataset directory (default `results/datasets/<suite>-<spec hash>`). */
  out?: string;
  /** Rebuild even if a dataset with the same spec hash exists. */
  noCache?: boolean;
  /** Replace a dataset of another spec in `out`. */
  force?: boolean;
  /** Build only shard `index` of `count` (documents split by a hash of their id). */
  shard?: Shard;
  /** Worker threads (default 1; the bytes are the same either way). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** How generators that wait on an endpoint run (offline from a cassette, concurrency); changes no byte. */
  generatorRuntime?: GeneratorRuntime;
}

/**
 * Builds a suite into a dataset directory (samples.jsonl + manifest.json),
 * or reuses the one with the same spec hash: `gauntlet build` as a function.
 */
export async function buildSuite(options: BuildSuiteOptions = {}): Promise<DatasetRef> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadSuiteRef(options.suite, cwd, options.corpus);
  return prepareDataset(loaded, { cwd, outDir: options.out, noCache: options.noCache, force: options.force, onProgress: options.onProgress, shard: options.shard, workers: options.workers, generatorRuntime: options.generatorRuntime });
}

async function loadSuiteRef(ref: SuiteRef | undefined, cwd: string, corpus: string | undefined): Promise<LoadedSuite> {
  if (ref === undefined || typeof ref === 'string') return resolveSuite(ref, cwd, corpus);
  // A suite object: relative paths in it resolve from cwd, as in a suite file there.
  const loaded: LoadedSuite = { suite: validateSuite(ref, 'suite'), baseDir: cwd, source: 'object' };
  return corpus === undefined ? loaded : withCorpus(loaded, corpus, cwd);
}

/** Progress of a run: the dataset build, then each detector's scoring. */
export type RunProgress = { stage: 'build'; done: number; total: number } | { stage: 'score'; detector: string; done: number; total: number };

/** What a run and a resume share. */
export interface SessionOptions {
  /** Folder relative paths resolve from, and where `results/runs/` lives (default: the process's). */
  cwd?: string;
  /** Worker threads for building and in-process detectors (default 1). */
  workers?: number;
  /** How generators that wait on an endpoint run when the suite is built (offline, cassette, concurrency). */
  generatorRuntime?: GeneratorRuntime;
  /** Stops the run after the batches in flight; the summary then says `interrupted`. */
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** Notes worth telling the user (e.g. scores reused from an earlier run), one sentence each. */
  onNotice?: (message: string) => void;
  /** --fail-on rules the report checks; broken ones come back in `report.violations`. */
  rules?: Rule[];
  /**
   * Largest share of a detector's items that may end in an error before the
   * run counts as failed (`failedDetectors`). Default: a detector fails only
   * when it answered none of its items.
   */
  maxErrorRate?: number;
}

/** Options of {@link runSuite}. */
export interface RunSuiteOptions extends SessionOptions {
  /** The suite to build and run: a built-in name, a .json or .mjs path, or a suite object (default: `default`). */
  suite?: SuiteRef;
  /** Replaces the suite's corpus: a directory of .txt, a .jsonl or a .csv. */
  corpus?: string;
  /** Run on this already built dataset directory instead of building a suite. */
  dataset?: string;
  /** Built-in detector names or detector configs; default the suite's, else every built-in for its tasks. */
  detectors?: Array<string | Record<string, unknown>>;
  /** Operating threshold; default the suite's, else calibration at 5% FPR. */
  threshold?: ThresholdPolicy;
  /** Run directory (default `results/runs/<suite>-<corpus>-<UTC time>`, see runName). */
  out?: string;
  /** Replace an earlier run in `out`. */
  force?: boolean;
  /** Rebuild the dataset and recompute every score even if cached. */
  noCache?: boolean;
  /** Items per detector call. */
  batchSize?: number;
  /** Build and run only this shard (join shards with mergeRuns). */
  shard?: Shard;
  /** What run.json records as the command (default `runSuite`). */
  command?: string;
}

/** Options of {@link resumeRun}. */
export interface ResumeRunOptions extends SessionOptions {
  /** The interrupted run: a directory, or an id under `results/runs/`. */
  run: string;
  /** Rerun only the items that ended in an error. */
  retryErrors?: boolean;
}

/** How a run ended. */
export interface RunSummary {
  /** The run directory. */
  dir: string;
  /** run.json as written at the end (status `complete` or `interrupted`). */
  record: RunRecord;
  /** Items scored now, items that ended in an error, items kept from before (resume or score cache). */
  scored: number;
  errors: number;
  reused: number;
  /** True when the signal stopped the run: no report was written; resume it with {@link resumeRun}. */
  interrupted: boolean;
  /** Detectors whose scores came from an earlier run, by that run's id. */
  reusedScores: Record<string, string>;
  /** The report files written (absent when interrupted). */
  report?: RunReport;
  /** Detectors whose errors passed `maxErrorRate` (by default: that answered no item): the run failed for them. */
  failedDetectors: Array<{ name: string; errors: number; items: number }>;
  /**
   * Everything worth a warning, for one block at the end: the numbers' own
   * (metricsWarnings: small calibration sets, constant scores), then every
   * notice told through onNotice during the run, in order.
   */
  warnings: string[];
}

/**
 * Builds the suite (or opens `dataset`), scores it with the detectors into a
 * new run directory, and writes the report: `gauntlet run` as a function.
 * Scores of the same detector on the same dataset are reused from earlier
 * runs under `results/runs/` unless `noCache`.
 */
export async function runSuite(given: RunSuiteOptions = {}): Promise<RunSummary> {
  const notices: string[] = [];
  const options = collectNotices(given, notices);
  const cwd = options.cwd ?? process.cwd();
  if (options.suite !== undefined && options.dataset !== undefined) throw usageError('give --suite or --dataset, not both');
  if (options.shard !== undefined && options.dataset !== undefined) throw usageError('--shard applies when building: give it to gauntlet build, or run --suite with --shard');
  // The suite as loaded, not the manifest's copy: that one has its detectors' secrets redacted.
  const loaded = options.dataset === undefined ? await loadSuiteRef(options.suite, cwd, options.corpus) : undefined;
  const dataset: DatasetRef = loaded
    ? await prepareDataset(loaded, {
        cwd,
        noCache: options.noCache,
        shard: options.shard,
        workers: options.workers,
        generatorRuntime: options.generatorRuntime,
        onProgress: (done, total) => options.onProgress?.({ stage: 'build', done, total }),
      })
    : openDataset(resolve(cwd, options.dataset!));
  const suite = loaded?.suite ?? dataset.manifest.suite;
  const log = runLog(options);
  let logDir: string | undefined;
  const detectors = await resolveDetectors(options.detectors ?? [], suite, cwd, log.write, logNote(options, () => logDir), { suiteBaseDir: loaded?.baseDir, onNotice: options.onNotice });
  // Started detectors (exec processes) are closed on every path, a usage error included: a live child would hold the CLI open.
  return withDetectors(detectors, async () => {
    const threshold = options.threshold ?? suite.threshold ?? DEFAULT_THRESHOLD_POLICY;
    const { id, dir, release } = createRunDir(cwd, runName(suite), options.out, Boolean(options.force));
    try {
      log.attach(dir);
      logDir = dir;
      const record = newRunRecord({ id, command: options.command ?? 'runSuite', dataset, runDir: dir, detectors, threshold, baseDir: cwd });
      const reused = options.noCache ? {} : await seedFromCache(runsRoot(cwd), dir, dataset.manifest.hash, detectors, options.onNotice);
      if (Object.keys(reused).length > 0) {
        record.reusedScores = reused;
        // One line per earlier run, not per detector: a warm npm start reuses all eight.
        const byRun = new Map<string, string[]>();
        for (const [name, from] of Object.entries(reused)) byRun.set(from, [...(byRun.get(from) ?? []), name]);
        for (const [from, names] of byRun) options.onNotice?.(`reused the scores of ${names.join(', ')} from run ${from} (same dataset and detector hashes; --no-cache to recompute)`);
      }
      writeRun(dir, record);
      const summary = await scoreDataset({
        runDir: dir,
        dataset,
        resume: Object.keys(reused).length > 0,
        detectors,
        batchSize: options.batchSize,
        workers: options.workers,
        onProgress: (detector, done, total) => options.onProgress?.({ stage: 'score', detector, done, total }),
        signal: options.signal,
        log: log.write,
      });
      return await finishRun(dir, record, summary, options, notices);
    } finally {
      release();
    }
  });
}

/**
 * Resumes an interrupted run without recomputing its finished items, then
 * writes the report. Refuses when the dataset or a detector changed since
 * the run started.
 */
export async function resumeRun(given: ResumeRunOptions): Promise<RunSummary> {
  const notices: string[] = [];
  const options = collectNotices(given, notices);
  const cwd = options.cwd ?? process.cwd();
  const ref = options.run;
  const dir = findRunDir(cwd, ref);
  const release = lockDir(dir, 'run');
  try {
    const record = readRun(dir);
    const dataset = openDataset(resolve(dir, record.datasetDir));
    if (dataset.manifest.hash !== record.datasetHash) throw usageError(`${ref}: its dataset changed since the run started (hash ${dataset.manifest.hash.slice(0, 12)} != ${record.datasetHash.slice(0, 12)})`);
    const log = runLog(options);
    log.attach(dir);
    const detectors = await resolveDetectors(record.detectorSpecs, dataset.manifest.suite, resolve(dir, record.baseDir), log.write, logNote(options, () => dir), {
      onNotice: options.onNotice,
      lostSecretsHint: `${ref} cannot be resumed with it; start a new run (the scores it has are reused)`,
    });
    return await withDetectors(detectors, async () => {
      for (const d of detectors) {
        const before = record.detectors.find((x) => x.name === d.identity.name);
        if (before && before.hash !== d.identity.hash) throw usageError(`${ref}: detector "${d.identity.name}" changed since the run started (hash ${d.identity.hash.slice(0, 12)} != ${before.hash.slice(0, 12)}); start a new run`);
      }
      record.status = 'running';
      writeRun(dir, record);
      const summary = await scoreDataset({
        runDir: dir,
        dataset,
        detectors,
        resume: true,
        retryErrors: Boolean(options.retryErrors),
        workers: options.workers,
        onProgress: (detector, done, total) => options.onProgress?.({ stage: 'score', detector, done, total }),
        signal: options.signal,
        log: log.write,
      });
      return finishRun(dir, record, summary, options, notices);
    });
  } finally {
    release();
  }
}

/**
 * Runs `work` and closes every detector afterwards, whatever happened. The
 * runner closes each detector it finishes; a second close is a no-op for the
 * adapters, and a close that throws must not hide the error that got here.
 */
async function withDetectors<T>(detectors: readonly LoadedDetector[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await Promise.allSettled(detectors.map(async (d) => d.detector.close?.()));
  }
}

/** Marks the run complete or interrupted and, when complete, writes its report. */
async function finishRun(dir: string, record: RunRecord, summary: ExecuteSummary, options: SessionOptions, notices: readonly string[]): Promise<RunSummary> {
  const done: RunRecord = {
    ...record,
    status: summary.interrupted ? 'interrupted' : 'complete',
    timing: { detectorMs: summary.timeMs },
    items: { scored: summary.scored, errors: summary.errors, reused: summary.skipped },
  };
  writeRun(dir, done);
  const result: RunSummary = {
    dir,
    record: done,
    scored: summary.scored,
    errors: summary.errors,
    reused: summary.skipped,
    interrupted: summary.interrupted,
    reusedScores: record.reusedScores ?? {},
    failedDetectors: failedDetectors(summary, options.maxErrorRate),
    warnings: [...notices],
  };
  if (!summary.interrupted) {
    result.report = await writeRunReport(dir, { rules: options.rules, cwd: options.cwd });
    result.warnings = [...metricsWarnings(result.report.metrics), ...notices];
  }
  return result;
}

/** Detectors whose share of failed items passed the limit; by default, those that answered nothing. */
export function failedDetectors(summary: Pick<ExecuteSummary, 'byDetector'>, maxErrorRate?: number): RunSummary['failedDetectors'] {
  const out: RunSummary['failedDetectors'] = [];
  for (const [name, c] of Object.entries(summary.byDetector)) {
    const items = c.scored + c.errors + c.skipped;
    if (c.errors === 0 || items === 0) continue;
    const failed = maxErrorRate === undefined ? c.scored + c.skipped === 0 : c.errors / items > maxErrorRate;
    if (failed) out.push({ name, errors: c.errors, items });
  }
  return out;
}

/** The error a CLI reports for a run whose detectors failed (exit 3). */
export function failedDetectorsError(failed: RunSummary['failedDetectors'], runDir: string): GauntletError {
  const list = failed.map((f) => `"${f.name}" (${f.errors} of ${f.items} items failed)`).join(', ');
  return new GauntletError('RUNTIME', `the run failed for ${list}: see ${runDir}/scores.jsonl and log.txt; rerun the failed items with gauntlet run --resume ${runDir} --retry-errors`);
}

/** The options with onNotice also recording each notice in `into`, for RunSummary.warnings. */
function collectNotices<T extends SessionOptions>(options: T, into: string[]): T {
  const tell = options.onNotice;
  return {
    ...options,
    onNotice: (message: string) => {
      into.push(message);
      tell?.(message);
    },
  };
}

/** A detector's note about lines it only logged (stray stdout), told once through onNotice with the log's path. */
function logNote(options: SessionOptions, runDir: () => string | undefined): (message: string) => void {
  return (message) => {
    const dir = runDir();
    options.onNotice?.(`${message}: see ${dir === undefined ? `the run's ${RUN_FILES.log}` : join(dir, RUN_FILES.log)}`);
  };
}

/** The run's log.txt, capped with one rotation; the first rotation is told through onNotice. */
function runLog(options: SessionOptions): RunLog {
  return createRunLog({ onRotate: (path) => options.onNotice?.(`the detectors' log passed its size cap; ${path} now keeps the latest lines, the earlier ones are in ${path}.1`) });
}
