import { relative } from 'node:path';
import { usageError } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';
import { parseThresholdPolicy } from '../../harness/evaluate/threshold-policy.js';
import { findRunDir } from '../../harness/store/run-dir.js';
import { writeRunReport } from '../../harness/report/index.js';
import { rulesFromOption } from '../../harness/evaluate/rules.js';
import { wholeNumberOption } from '../options.js';

/** Shared options of report and compare: threshold policy, error policy, bootstrap. */
export function reportOptions(options: Options) {
  const threshold = options.threshold === undefined ? undefined : parseThresholdPolicy(String(options.threshold));
  const errors = options.errors === undefined ? undefined : String(options.errors);
  if (errors !== undefined && errors !== 'miss' && errors !== 'exclude') throw usageError(`--errors must be miss or exclude (got "${errors}")`);
  const bootstrap = wholeNumberOption(options.bootstrap, '--bootstrap', 0);
  return { threshold, errors: errors as 'miss' | 'exclude' | undefined, bootstrap, seed: options.seed === undefined ? undefined : String(options.seed), rules: rulesFromOption(options.failOn) };
}

/** `gauntlet report <run>`: writes the report files into the run directory; a gate-failed outcome when a --fail-on rule breaks. */
export async function report(args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  const [run] = args;
  if (!run) throw usageError('gauntlet report needs a run id or directory');
  const runDir = findRunDir(io.cwd, run);
  const formats = options.format === undefined ? undefined : String(options.format).split(',').map((f) => f.trim()).filter(Boolean);
  const result = await writeRunReport(runDir, { ...reportOptions(options), formats });
  io.stdout.write(`${result.summary}\n\n`);
  for (const f of result.files) io.stdout.write(`wrote ${relative(io.cwd, f) || f}\n`);
  if (result.violations.length > 0) {
    io.stderr.write(`gauntlet: ${result.violations.length} slice(s) break a --fail-on rule:\n`);
    for (const v of result.violations) io.stderr.write(`  ${v.rule}: ${v.detector} on ${v.slice} is ${v.actual.toFixed(4)}\n`);
    return { kind: 'gate-failed', violations: result.violations };
  }
  return OK;
}
