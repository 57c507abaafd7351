/**
 * Run reports: `writeRunReport(runDir)` reads a run from disk and writes
 * every report file beside it. Each format is one small module here.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/io.js';
import { usageError } from '../../core/errors.js';
import type { ThresholdPolicy } from '../../core/types.js';
import { computeMetrics, operatingPoints, type ErrorPolicy, type MetricsResult } from '../evaluate/metrics.js';
import { formatThresholdPolicy } from '../evaluate/threshold-policy.js';
import { loadRun, readSampleTexts, type RunData } from '../store/run-data.js';
import { htmlReport } from './html.js';
import { chooseSamples } from './samples.js';
import { markdownReport } from './markdown.js';
import { metricsCsv } from './csv.js';
import { summaryTable } from './summary.js';
import type { ReportContext } from './cite.js';
import { junitReport } from './junit.js';
import { texReport } from './tex.js';
import { checkRules, fprLevelsFor, type Rule, type Violation } from '../evaluate/rules.js';

export { summaryTable } from './summary.js';
export { loadRun } from '../store/run-data.js';

/** Formats writeRunReport knows, with their file names. */
export const REPORT_FORMATS = {
  md: 'report.md',
  html: 'report.html',
  json: 'metrics.json',
  csv: 'metrics.csv',
  junit: 'junit.xml',
  tex: 'report.tex',
} as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

export interface RunReportOptions {
  /** Overrides the run's threshold policy. */
  threshold?: ThresholdPolicy;
  /** How errored items count (default `miss`). */
  errors?: ErrorPolicy;
  /** Which files to write (default: all of REPORT_FORMATS). */
  formats?: string[];
  /** Bootstrap replicates per slice (default 1000). */
  bootstrap?: number;
  /** Bootstrap seed (default "0"). */
  seed?: string;
  /** Parsed --fail-on rules: checked on every slice, and the gated slices of junit.xml. */
  rules?: Rule[];
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
  const formats = (options.formats ?? Object.keys(REPORT_FORMATS)) as ReportFormat[];
  for (const f of formats) if (!(f in REPORT_FORMATS)) throw usageError(`unknown report format "${f}" (known: ${Object.keys(REPORT_FORMATS).join(', ')})`);
  const data = await loadRun(runDir);
  const rules = options.rules ?? [];
  const metrics = computeMetrics(data, { ...options, fprLevels: fprLevelsFor(rules, [0.01, 0.05]) });
  const violations = checkRules(rules, metrics.slices);
  const context = reportContext(data, options);
  const files: string[] = [];
  const write = (format: ReportFormat, content: string | (() => string)) => {
    if (!formats.includes(format)) return;
    const path = join(runDir, REPORT_FORMATS[format]);
    writeFileAtomic(path, typeof content === 'string' ? content : content());
    files.push(path);
  };
  write('md', () => markdownReport(metrics, context));
  if (formats.includes('html')) {
    // The sample browser needs texts: a second streaming pass reads only the chosen samples'.
    const samples = chooseSamples(data, operatingPoints(data, metrics.settings.threshold));
    const texts = await readSampleTexts(data.datasetDir, new Set(samples.map((b) => b.info.id)));
    write('html', htmlReport({ result: metrics, context, samples, texts }));
  }
  write('json', () => `${JSON.stringify(metrics, null, 2)}\n`);
  write('csv', () => metricsCsv(metrics));
  write('junit', () => junitReport(metrics, rules, violations));
  write('tex', () => texReport(metrics));
  return { files, summary: summaryTable(metrics), metrics, violations };
}

/** The command that regenerates the report, with the options that differ from the defaults. */
export function reportContext(data: RunData, options: RunReportOptions): ReportContext {
  const parts = ['gauntlet report', shellWord(data.run.id)];
  const t = options.threshold;
  if (t) parts.push('--threshold', formatThresholdPolicy(t));
  if (options.errors && options.errors !== 'miss') parts.push('--errors', options.errors);
  if (options.bootstrap !== undefined && options.bootstrap !== 1000) parts.push('--bootstrap', String(options.bootstrap));
  if (options.seed !== undefined && options.seed !== '0') parts.push('--seed', shellWord(options.seed));
  for (const rule of options.rules ?? []) parts.push('--fail-on', shellWord(rule.text));
  const manifestHash = typeof data.manifest?.hash === 'string' ? data.manifest.hash : undefined;
  return { reportCommand: parts.join(' '), manifestHash };
}

/** Quotes a word for a POSIX shell when it needs quoting. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
