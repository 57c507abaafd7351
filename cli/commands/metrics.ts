import { stringify } from 'csv-stringify/sync';
import { usageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/io.js';
import { resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';
import { fileMetrics, type FileMetrics } from '../../harness/evaluate/file-metrics.js';
import { DEFAULT_THRESHOLD_POLICY, parseThresholdPolicy } from '../../harness/evaluate/threshold-policy.js';
import { readScoresFile } from '../../harness/evaluate/scores-file.js';
import { est, mdCell, pct, thresholdText } from '../../harness/report/format.js';
import { escapeFormula } from '../../harness/report/csv.js';
import { wholeNumberOption } from '../options.js';

/** Above this many rows the bootstrap is opt-in: it costs O(rows x replicates). */
export const AUTO_BOOTSTRAP_MAX_ROWS = 100_000;

/**
 * `gauntlet metrics FILE`: labels and scores from elsewhere (JSONL or CSV
 * with label, score and an optional group column for clustering) in, every
 * metric out as JSON, markdown or CSV.
 */
export async function metrics(args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  const [file] = args;
  if (!file) throw usageError('gauntlet metrics needs a scores file (JSONL or CSV with label and score columns)');
  const format = String(options.format ?? 'json');
  if (!['json', 'md', 'csv'].includes(format)) throw usageError(`--format must be json, md or csv (got "${format}")`);
  const policy = options.threshold === undefined ? DEFAULT_THRESHOLD_POLICY : parseThresholdPolicy(String(options.threshold));
  // A scores file has scores only: there is no detector label to follow.
  if (policy.kind === 'label') throw usageError('--threshold: label needs detector labels and a scores file has only scores (use fpr:<x> with 0 < x < 1 or fixed:<finite number>)');
  const replicatesOption = wholeNumberOption(options.bootstrap, '--bootstrap', 0);

  const path = resolve(io.cwd, file);
  const data = await readScoresFile(path, {
    label: options.labelColumn === undefined ? undefined : String(options.labelColumn),
    score: options.scoreColumn === undefined ? undefined : String(options.scoreColumn),
    group: options.groupColumn === undefined ? undefined : String(options.groupColumn),
  });
  const n = data.scores.length;
  let note: string | undefined;
  let replicates = replicatesOption ?? 1000;
  if (replicatesOption === undefined && n > AUTO_BOOTSTRAP_MAX_ROWS) {
    replicates = 0;
    note = `bootstrap intervals skipped for ${n} rows (cost grows with rows x replicates); pass --bootstrap 1000 to compute them`;
  }
  let result: FileMetrics;
  try {
    result = fileMetrics(data, { threshold: policy, bootstrap: replicates, seed: String(options.seed ?? '0') });
  } catch (error) {
    if (error instanceof RangeError) throw usageError(`${file}: ${error.message}`);
    throw error;
  }
  if (note) io.stderr.write(`gauntlet: ${note}\n`);
  const text = format === 'md' ? markdown(file, result, note) : format === 'csv' ? csv(result) : `${JSON.stringify({ file, ...result, ...(note ? { note } : {}) }, null, 2)}\n`;
  if (options.output) {
    writeFileAtomic(resolve(io.cwd, String(options.output)), text);
  } else io.stdout.write(text);
  return OK;
}

/** Rows of (metric, estimate) in a fixed order, shared by markdown and CSV. */
function rows(m: FileMetrics): Array<[string, { value: number | null; low: number | null; high: number | null }]> {
  return [
    ['precision', m.precision],
    ['recall', m.recall],
    ['f1', m.f1],
    ['fpr', m.threshold.fpr],
    ['average_precision', m.averagePrecision],
    ['roc_auc', m.rocAuc],
    ...Object.entries(m.tprAtFpr).map(([level, e]): [string, typeof e] => [`tpr_at_fpr_${level}`, e]),
  ];
}

function markdown(file: string, m: FileMetrics, note?: string): string {
  const policy = m.threshold.policy;
  const how = policy.kind === 'fpr' ? `calibrated at ${pct(policy.target)} FPR on the file's negatives` : 'fixed';
  const lines = [
    `# Metrics: ${mdCell(file)}`,
    '',
    `${m.n} rows: ${m.positives} positive, ${m.negatives} negative; ${m.clusters} bootstrap clusters (${m.bootstrap.cluster === 'group' ? 'group column' : 'rows'}).`,
    `Threshold ${thresholdText(m.threshold.value)} (${how}); flag when score >= threshold.`,
    `Intervals 95%: Wilson for precision, recall, FPR; percentile bootstrap (${m.bootstrap.replicates} resamples, seed "${mdCell(m.bootstrap.seed)}") for the others.`,
    ...(note ? ['', `Note: ${note}.`] : []),
    '',
    '| metric | value [95% CI] |',
    '|---|---:|',
    ...rows(m).map(([name, e]) => `| ${name} | ${est(e, 4)} |`),
    '',
  ];
  return lines.join('\n');
}

function csv(m: FileMetrics): string {
  const out: Array<Array<string | number | null>> = [['metric', 'value', 'low', 'high']];
  out.push(['n', m.n, null, null], ['positives', m.positives, null, null], ['negatives', m.negatives, null, null]);
  out.push(['threshold', Number.isFinite(m.threshold.value) ? m.threshold.value : escapeFormula(String(m.threshold.value)), null, null]);
  for (const [name, e] of rows(m)) out.push([name, e.value, e.low, e.high]);
  return stringify(out, { cast: { number: (v) => String(v) } });
}
