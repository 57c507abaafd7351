/**
 * Run reports: `writeRunReport(runDir)` reads a run from disk and writes
 * every report file beside it. Each format is one Reporter (reporter.ts) in
 * a small module of its own; this file computes their data once and loops.
 */
import { join, relative, resolve, sep } from 'node:path';
import { shellQuote } from '../../core/terminal.js';
import { writeFileAtomic } from '../../core/io.js';
import { usageError } from '../../core/errors.js';
import type { ThresholdPolicy } from '../../core/types.js';
import { computeMetrics, operatingPoints, type ErrorPolicy, type MetricsResult } from '../evaluate/metrics.js';
import { formatThresholdPolicy } from '../evaluate/threshold-policy.js';
import { loadRun, readSampleTexts, type RunData } from '../store/run-data.js';
import { chooseFailures } from './samples.js';
import { summaryTable } from './summary.js';
import { checkRules, fprLevelsFor, type Rule, type Violation } from '../evaluate/rules.js';
import type { ReportContext, ReportData, Reporter } from './reporter.js';
import { markdownReporter } from './markdown.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { csvReporter } from './csv.js';
import { junitReporter } from './junit.js';
import { texReporter } from './tex.js';

export { summaryTable } from './summary.js';
export { loadRun } from '../store/run-data.js';
export { defineReporter, type ReportContext, type ReportData, type Reporter } from './reporter.js';

/** Every built-in format, in the order its file is written. */
export const REPORTERS = [markdownReporter, htmlReporter, jsonReporter, csvReporter, junitReporter, texReporter] as const satisfies readonly Reporter[];
export type ReportFormat = (typeof REPORTERS)[number]['format'];

/** Formats writeRunReport knows, with their file names. */
export const REPORT_FORMATS = Object.fromEntries(REPORTERS.map((r) => [r.format, r.fileName])) as Readonly<Record<ReportFormat, string>>;

export interface RunReportOptions {
  /** Overrides the run's threshold policy. */
  threshold?: ThresholdPolicy;
  /** How errored items count (default `miss`). */
  errors?: ErrorPolicy;
  /** Which formats to write, by `Reporter.format` (default: all of `reporters`). */
  formats?: string[];
  /** The formats to choose from (default REPORTERS); add your own with `[...REPORTERS, myReporter]`. */
  reporters?: readonly Reporter[];
  /** Bootstrap replicates per slice (default 1000). */
  bootstrap?: number;
  /** Bootstrap seed (default "0"). */
  seed?: string;
  /** Parsed --fail-on rules: checked on every slice, and the gated slices of junit.xml. */
  rules?: Rule[];
  /** Folder the reproduce line's run path is relative to (default: the process's working directory). */
  cwd?: string;
}

export interface RunReport {
  /** Paths written. */
  files: string[];
  /** Compact plain-text table for the terminal. */
  summary: string;
  metrics: MetricsResult;
  /** Slices breaking a rule (empty without rules). */
  violations: Violation[];
}

/** Reads the run in `runDir` and writes the report files into it. */
export async function writeRunReport(runDir: string, options: RunReportOptions = {}): Promise<RunReport> {
  const reporters: readonly Reporter[] = options.reporters ?? REPORTERS;
  const known = reporters.map((r) => r.format);
  const formats = options.formats ?? known;
  for (const f of formats) if (!known.includes(f)) throw usageError(`unknown report format "${f}" (known: ${known.join(', ')})`);
  const selected = reporters.filter((r) => formats.includes(r.format));
  const data = await loadRun(runDir);
  const rules = options.rules ?? [];
  const metrics = computeMetrics(data, { ...options, fprLevels: fprLevelsFor(rules, [0.01, 0.05]) });
  const violations = checkRules(rules, metrics.slices);
  const reportData: ReportData = { metrics, context: reportContext(data, options), rules, violations, failures: [], samples: [], texts: new Map() };
  if (selected.some((r) => r.needsSamples)) {
    // The sample browser needs texts: a second streaming pass reads only the chosen samples'.
    const { failures, samples } = chooseFailures(data, operatingPoints(data, metrics.settings.threshold));
    reportData.failures = failures;
    reportData.samples = samples;
    reportData.texts = await readSampleTexts(data.datasetDir, new Set(samples.map((b) => b.info.id)));
  }
  const files: string[] = [];
  for (const reporter of selected) {
    const path = join(runDir, reporter.fileName);
    writeFileAtomic(path, reporter.render(reportData));
    files.push(path);
  }
  return { files, summary: summaryTable(metrics), metrics, violations };
}

/**
 * The command that regenerates the report, with the options that differ
 * from the defaults. It names the run by its directory, relative to `cwd`
 * (the project root in the usual case): an id only resolves under
 * results/runs/, and an absolute path only on this machine.
 */
export function reportContext(data: RunData, options: RunReportOptions): ReportContext {
  const at = relative(resolve(options.cwd ?? process.cwd()), resolve(data.runDir)).split(sep).join('/');
  const parts = ['gauntlet report', shellQuote(at === '' ? '.' : at)];
  const t = options.threshold;
  if (t) parts.push('--threshold', formatThresholdPolicy(t));
  if (options.errors && options.errors !== 'miss') parts.push('--errors', options.errors);
  if (options.bootstrap !== undefined && options.bootstrap !== 1000) parts.push('--bootstrap', String(options.bootstrap));
  if (options.seed !== undefined && options.seed !== '0') parts.push('--seed', shellQuote(options.seed));
  for (const rule of options.rules ?? []) parts.push('--fail-on', shellQuote(rule.text));
  const manifestHash = typeof data.manifest?.hash === 'string' ? data.manifest.hash : undefined;
  return { reportCommand: parts.join(' '), manifestHash };
}
