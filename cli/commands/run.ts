import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { usageError } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import type { Options } from '../main.js';
import { createProgress } from '../progress.js';
import { createRunDir, findRunDir, newRunRecord, readRun, writeRun } from '../../harness/store/run-dir.js';
import { openDataset } from '../../harness/store/dataset-dir.js';
import { parseShard, prepareDataset, resolveSuite } from '../../harness/build/prepare.js';
import { parseThreshold } from '../../harness/evaluate/threshold-policy.js';
import { resolveDetectors } from '../../harness/score/detectors.js';
import { scoreDataset } from '../../harness/score/score-dataset.js';
import { finishRun } from './finish.js';
import { seedFromCache } from '../../harness/score/score-cache.js';
import { workerCount } from '../../core/worker-pool.js';

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * `gauntlet run [--suite FILE | --dataset DIR] [--detector NAME|FILE ...] [--out DIR] [--force]`
 * `gauntlet run --resume RUN [--retry-errors]`
 */
export async function run(_args: string[], options: Options, io: CliIO, command = 'run'): Promise<number> {
  const progress = createProgress(io, Boolean(options.quiet));
  const controller = new AbortController();
  const onSignal = () => {
    io.stderr.write('\ngauntlet: interrupted; finishing the batches in flight (resume with gauntlet run --resume)\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (options.resume !== undefined) return await resume(String(options.resume), options, io, progress, controller.signal);
    // Check every flag before the (possibly long) dataset build.
    const thresholdFlag = options.threshold === undefined ? undefined : parseThreshold(options.threshold, undefined);
    const batchSize = parseBatchSize(options.batchSize);
    const workers = workerCount(options.workers, io.env);
    if (options.suite !== undefined && options.dataset !== undefined) throw usageError('give --suite or --dataset, not both');
    if (options.shard !== undefined && options.dataset !== undefined) throw usageError('--shard applies when building: give it to gauntlet build, or run --suite with --shard');
    const dataset =
      options.dataset !== undefined
        ? openDataset(resolve(io.cwd, String(options.dataset)))
        : await prepareDataset(await resolveSuite(options.suite as string | undefined, io.cwd, options.corpus as string | undefined), {
            cwd: io.cwd,
            noCache: options.cache === false,
            onProgress: (done, total) => progress.update('building dataset', done, total),
            shard: parseShard(options.shard),
            workers,
          });
    const suite = dataset.manifest.suite;
    const log = runLog();
    const detectors = await resolveDetectors(list(options.detector), suite, io.cwd, log.write);
    const threshold = thresholdFlag ?? suite.threshold ?? parseThreshold(undefined, undefined);
    const { id, dir } = createRunDir(io.cwd, suite.name, options.out as string | undefined, Boolean(options.force));
    log.attach(dir);
    const record = newRunRecord({ id, command: `gauntlet ${command} ${process.argv.slice(3).join(' ')}`.trim(), dataset, runDir: dir, detectors, threshold, baseDir: io.cwd });
    // Scores of the same detector on the same dataset are reused unless --no-cache.
    const reused = options.cache === false ? {} : await seedFromCache(join(io.cwd, 'results', 'runs'), dir, dataset.manifest.hash, detectors);
    if (Object.keys(reused).length > 0) {
      record.reusedScores = reused;
      for (const [name, from] of Object.entries(reused)) io.stderr.write(`gauntlet: reusing the scores of ${name} from run ${from} (same dataset and detector hash; --no-cache to recompute)\n`);
    }
    writeRun(dir, record);
    const summary = await scoreDataset({
      runDir: dir,
      dataset,
      resume: Object.keys(reused).length > 0,
      detectors,
      batchSize,
      workers,
      onProgress: (name, done, total) => progress.update(`scoring ${name}`, done, total),
      signal: controller.signal,
      log: log.write,
    });
    progress.stop();
    return await finishRun(dir, record, summary, io);
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function resume(ref: string, options: Options, io: CliIO, progress: ReturnType<typeof createProgress>, signal: AbortSignal): Promise<number> {
  const dir = findRunDir(io.cwd, ref);
  const record = readRun(dir);
  const dataset = openDataset(resolve(dir, record.datasetDir));
  if (dataset.manifest.hash !== record.datasetHash) throw usageError(`${ref}: its dataset changed since the run started (hash ${dataset.manifest.hash.slice(0, 12)} != ${record.datasetHash.slice(0, 12)})`);
  const log = runLog();
  log.attach(dir);
  const detectors = await resolveDetectors(record.detectorSpecs, dataset.manifest.suite, resolve(dir, record.baseDir), log.write);
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
    workers: workerCount(options.workers, io.env),
    onProgress: (name, done, total) => progress.update(`scoring ${name}`, done, total),
    signal,
    log: log.write,
  });
  progress.stop();
  return finishRun(dir, record, summary, io);
}

/**
 * The run's log.txt (detector stderr, restarts, rejected answers). Lines
 * logged before the run directory exists (while detectors start) are kept
 * and written when it does.
 */
function runLog(): { write: (line: string) => void; attach: (dir: string) => void } {
  let path: string | undefined;
  const early: string[] = [];
  return {
    write(line) {
      if (path === undefined) early.push(line);
      else appendFileSync(path, `${line}\n`);
    },
    attach(dir) {
      path = join(dir, 'log.txt');
      if (early.length > 0) appendFileSync(path, `${early.join('\n')}\n`);
      early.length = 0;
    },
  };
}

function parseBatchSize(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--batch-size must be a whole number >= 1, got "${String(raw)}"`);
  return n;
}
