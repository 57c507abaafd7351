/**
 * The harness as a library: build a suite into a dataset, score it with
 * detectors, evaluate the run, write its reports, compare two runs. The CLI
 * is a thin layer over these; index.ts exports them. Every function takes
 * and returns directories on disk, the same ones the CLI reads and writes.
 */
import { compareRunDirs, type CompareOptions, type Comparison } from './evaluate/compare.js';
import { computeMetrics, type MetricsOptions, type MetricsResult } from './evaluate/metrics.js';
import { writeRunReport, type RunReport, type RunReportOptions } from './report/index.js';
import { loadRun } from './store/run-data.js';

export { buildSuite, resumeRun, runSuite } from './run-session.js';
export type { BuildSuiteOptions, ResumeRunOptions, RunProgress, RunSuiteOptions, RunSummary, SuiteRef } from './run-session.js';
export { parseRule } from './evaluate/rules.js';
export { parseThresholdPolicy } from './evaluate/threshold-policy.js';
export type { Rule, Violation } from './evaluate/rules.js';
export type { CompareOptions, Comparison, DeltaRow } from './evaluate/compare.js';
export type { ErrorPolicy, MetricsOptions, MetricsResult, SliceMetrics } from './evaluate/metrics.js';
export type { RunReport, RunReportOptions } from './report/index.js';
export type { RunRecord } from './store/run-dir.js';
export type { DatasetManifest, DatasetRef, Shard } from './store/dataset-dir.js';

/**
 * Every metric of a finished run, per detector and slice (overall, family,
 * generator, intensity...): `slices` holds one row each, with 95% intervals.
 * Writes nothing; {@link writeReports} writes the same numbers as files.
 *
 * @param runDir - A run directory (holding run.json and scores.jsonl).
 * @param options - Threshold policy (default the run's own), error policy,
 *   bootstrap replicates (default 1000, 0 to skip) and seed.
 */
export async function evaluateRun(runDir: string, options: MetricsOptions = {}): Promise<MetricsResult> {
  return computeMetrics(await loadRun(runDir), options);
}

/**
 * Writes a run's reports into its directory: report.md, report.html,
 * report.tex, metrics.json, metrics.csv and junit.xml, or the `formats`
 * asked for. With `rules` (see {@link parseRule}) the result lists the
 * slices that break one: gate on `violations.length`.
 */
export async function writeReports(runDir: string, options: RunReportOptions = {}): Promise<RunReport> {
  return writeRunReport(runDir, options);
}

/**
 * Per-slice differences, candidate minus baseline, of two runs on the same
 * dataset, with paired bootstrap intervals and Holm-adjusted McNemar
 * p-values; `rules` (e.g. `delta(recall) < -0.02 significant`) give
 * `violations`. Runs on different datasets are refused (a usage error).
 */
export async function compareRuns(baselineDir: string, candidateDir: string, options: CompareOptions = {}): Promise<Comparison> {
  return compareRunDirs(baselineDir, candidateDir, options);
}
