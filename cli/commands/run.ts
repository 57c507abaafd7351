import { basename, relative } from 'node:path';
import { usageError } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';
import { createProgress, type Progress } from '../progress.js';
import { parseShard } from '../../harness/build/shard.js';
import { parseThresholdPolicy } from '../../harness/evaluate/threshold-policy.js';
import { generatorRuntimeOf } from './build.js';
import { failedDetectorsError, resumeRun, runSuite, type RunProgress, type RunSummary } from '../../harness/run-session.js';
import { rulesFromOption } from '../../harness/evaluate/rules.js';
import { workerCount } from '../../core/worker-pool.js';
import { shellCommand, terminalSafe } from '../../core/terminal.js';
import { terminalSummary } from '../summary.js';
import { warningsBlock } from '../../harness/report/summary.js';
import { wholeNumberOption } from '../options.js';

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * `gauntlet run [--suite FILE | --dataset DIR] [--detector NAME|FILE ...] [--out DIR] [--force]`
 * `gauntlet run --resume RUN [--retry-errors]`
 *
 * Parses the flags, wires SIGINT/SIGTERM to an AbortSignal and the progress
 * display, and prints; the run itself is harness/run-session.ts.
 */
export async function run(_args: string[], options: Options, io: CliIO, command = 'run'): Promise<CommandOutcome> {
  const progress = createProgress(io, Boolean(options.quiet));
  const controller = new AbortController();
  const onSignal = () => {
    io.stderr.write('\ngauntlet: interrupted; finishing the batches in flight (resume with gauntlet run --resume)\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Notices wait for the warnings block at the end; only a run that throws prints them on its way out.
  const notices: string[] = [];
  let ended = false;
  try {
    // Every flag is checked before the (possibly long) dataset build.
    const session = {
      cwd: io.cwd,
      signal: controller.signal,
      onProgress: showProgress(progress),
      onNotice: (message: string) => notices.push(message),
      rules: rulesFromOption(options.failOn),
      maxErrorRate: parseRate(options.maxErrorRate),
    };
    let summary: RunSummary;
    if (options.resume !== undefined) {
      rejectWithResume(options);
      summary = await resumeRun({ ...session, run: String(options.resume), retryErrors: Boolean(options.retryErrors), workers: workerCount(options.workers, io.env) });
    } else {
      if (options.retryErrors) throw usageError('--retry-errors goes with --resume RUN (it reruns the items of that run that ended in an error)');
      const threshold = options.threshold === undefined ? undefined : parseThresholdPolicy(String(options.threshold));
      const batchSize = wholeNumberOption(options.batchSize, '--batch-size', 1);
      const workers = workerCount(options.workers, io.env);
      summary = await runSuite({
        ...session,
        suite: options.suite as string | undefined,
        corpus: options.corpus as string | undefined,
        dataset: options.dataset === undefined ? undefined : String(options.dataset),
        detectors: list(options.detector),
        threshold,
        out: options.out as string | undefined,
        force: Boolean(options.force),
        noCache: options.cache === false,
        batchSize,
        shard: parseShard(options.shard, io.env),
        workers,
        generatorRuntime: generatorRuntimeOf(options, io),
        // Quoted so that pasting it back runs the same thing, whatever the file names hold.
        command: shellCommand(['gauntlet', ...(io.argv ?? [command])]),
      });
    }
    progress.stop();
    ended = true;
    return printSummary(summary, io);
  } finally {
    progress.stop();
    if (!ended && notices.length > 0) io.stderr.write(`${warningsBlock(notices.map(terminalSafe))}\n`);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function showProgress(progress: Progress): (p: RunProgress) => void {
  return (p) => progress.update(p.stage === 'build' ? 'building dataset' : `scoring ${p.detector}`, p.done, p.total);
}

/**
 * The end of a run on the terminal: the leaderboard, the warnings in one
 * block, where the report is; or how to resume.
 */
function printSummary(summary: RunSummary, io: CliIO): CommandOutcome {
  const where = terminalSafe(relative(io.cwd, summary.dir) || '.');
  if (summary.interrupted || !summary.report) {
    if (summary.warnings.length > 0) io.stderr.write(`${warningsBlock(summary.warnings.map(terminalSafe))}\n`);
    io.stderr.write(`gauntlet: run interrupted; ${summary.scored + summary.errors} items scored so far are kept. Resume with: gauntlet run --resume ${where}\n`);
    return { kind: 'interrupted', runDir: summary.dir };
  }
  io.stdout.write(`${terminalSummary(summary.report.metrics, summary.warnings, io.stdout, io.env)}\n`);
  if (summary.errors > 0) io.stdout.write(`${summary.errors} items ended in an error (see ${where}/scores.jsonl; rerun them with gauntlet run --resume ${where} --retry-errors)\n`);
  io.stdout.write(`\nReport: ${where}/${reportFile(summary.report.files)}\n`);
  if (summary.failedDetectors.length > 0) throw failedDetectorsError(summary.failedDetectors, where);
  const violations = summary.report.violations;
  if (violations.length > 0) {
    io.stderr.write(`gauntlet: ${violations.length} slice(s) break a --fail-on rule:\n`);
    for (const v of violations) io.stderr.write(`  ${v.rule}: ${v.detector} on ${v.slice} is ${v.actual.toFixed(4)}\n`);
    return { kind: 'gate-failed', violations };
  }
  return OK;
}

/** The report to open: report.html when it was written, else the first file. */
function reportFile(files: readonly string[]): string {
  const names = files.map((f) => basename(f));
  return names.includes('report.html') ? 'report.html' : (names[0] ?? 'report.html');
}

/** Flags that would silently do nothing on a resumed run: it keeps its own suite, dataset, detectors and directory. */
function rejectWithResume(options: Options): void {
  const ignored = ['suite', 'dataset', 'corpus', 'detector', 'threshold', 'out', 'force', 'shard', 'batchSize'].filter((k) => options[k] !== undefined && options[k] !== false);
  if (options.cache === false) ignored.push('noCache');
  if (ignored.length > 0) {
    const flags = ignored.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
    throw usageError(`${flags} cannot be given with --resume: a resumed run keeps the suite, dataset, detectors and directory it started with (start a new run to change them)`);
  }
}

function parseRate(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (!(x >= 0 && x < 1)) throw usageError(`--max-error-rate must be a number in [0, 1), got "${String(raw)}"`);
  return x;
}

