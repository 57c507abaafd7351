/**
 * The Reporter contract: the one file to read to add a report format.
 *
 * A reporter turns one run's figures into the text of one file written
 * beside the run (report.md, metrics.csv, ...). It is a pure function of
 * {@link ReportData}: no disk, no clock, no randomness, so the same run gives
 * the same bytes. `writeRunReport` (index.ts) computes the data once, asks
 * each selected reporter in turn and writes what it returns.
 *
 * To add a format, write a module that exports
 *
 * ```ts
 * export const yamlReporter = defineReporter({
 *   format: 'yaml',
 *   fileName: 'metrics.yaml',
 *   render: ({ metrics }) => toYaml(metrics),
 * });
 * ```
 *
 * then either add it to `REPORTERS` in index.ts (`--format yaml` then
 * selects it), or, from outside this package, pass
 * `writeRunReport(runDir, { reporters: [...REPORTERS, yamlReporter] })`.
 */
import type { MetricsResult } from '../evaluate/metrics.js';
import type { Rule, Violation } from '../evaluate/rules.js';
import type { SampleText } from '../store/run-data.js';
import type { BrowsedSample, DetectorFailures } from './samples.js';

/** What a report needs besides the metrics: how to reproduce it. */
export interface ReportContext {
  /** The command that regenerates this report from the run directory. */
  reportCommand: string;
  /** Dataset hash in the dataset's manifest, when it differs from the run's (a warning). */
  manifestHash?: string;
}

/** Everything a reporter may render, computed once per `writeRunReport`. */
export interface ReportData {
  /** Every figure of the run: settings, operating points, per-slice metrics, curves. */
  metrics: MetricsResult;
  /** How to reproduce the report (for a "reproduce and cite" block). */
  context: ReportContext;
  /** The `--fail-on` rules checked on every slice (empty without rules). */
  rules: readonly Rule[];
  /** Slices breaking a rule. */
  violations: readonly Violation[];
  /**
   * Per detector and task: how many positives it missed and negatives it
   * flagged, and the ids of the few shown (a sample browser). Empty unless
   * a selected reporter sets `needsSamples`: reading their texts is a
   * second pass over the dataset.
   */
  failures: readonly DetectorFailures[];
  /** The samples `failures` names, with the answers of the detectors that do their task (same condition). */
  samples: readonly BrowsedSample[];
  /** Texts of `samples`, by sample id (same condition). */
  texts: ReadonlyMap<string, SampleText>;
}

/** One report format: a name to select it, the file it writes, and how to render it. */
export interface Reporter {
  /** Name for `--format` and `RunReportOptions.formats` (e.g. `md`); unique among reporters. */
  format: string;
  /** File written in the run directory (e.g. `report.md`); unique among reporters. */
  fileName: string;
  /** Set when `render` reads `failures`, `samples` and `texts`, so they are loaded only when some format uses them. */
  needsSamples?: boolean;
  /** The file's whole content. Pure: the same data must give the same string. */
  render(data: ReportData): string;
}

/** Identity helper: gives a reporter written as an object literal its type. */
export function defineReporter<const R extends Reporter>(reporter: R): R {
  return reporter;
}
