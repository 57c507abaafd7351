import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { usageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/io.js';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';
import { compareRunDirs } from '../../harness/evaluate/compare.js';
import { compareHtml } from '../../harness/report/compare-html.js';
import { compareMarkdown, compareStepSummary, violationP } from '../../harness/report/compare-md.js';
import { findRunDir } from '../../harness/store/run-dir.js';
import { reportOptions } from './report.js';

/**
 * `gauntlet compare RUN_A RUN_B`: B (candidate) against A (baseline) on the
 * same dataset. A gate-failed outcome when a --fail-on rule breaks (each is
 * named); a usage error when the runs are on different datasets.
 */
export async function compare(args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  const [baseline, candidate] = args;
  if (!baseline || !candidate) throw usageError('gauntlet compare needs two runs: BASELINE CANDIDATE (ids under results/runs/ or directories)');
  const format = String(options.format ?? 'md');
  if (format !== 'md' && format !== 'json' && format !== 'html') throw usageError(`--format must be md, json or html (got "${format}")`);
  const pairs = (options.pair === undefined ? [] : Array.isArray(options.pair) ? options.pair : [options.pair]).map((p) => {
    const [a, b, ...rest] = String(p).split('=');
    if (!a || !b || rest.length > 0) throw usageError(`--pair must be baseline=candidate (got "${String(p)}")`);
    return [a, b] as [string, string];
  });
  const { threshold, errors, bootstrap, seed, rules } = reportOptions(options);
  const result = await compareRunDirs(findRunDir(io.cwd, baseline), findRunDir(io.cwd, candidate), { threshold, errors, bootstrap, seed, rules, pairs });
  const markdown = compareMarkdown(result);
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (options.out) {
    const dir = resolve(io.cwd, String(options.out));
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, 'compare.md'), markdown);
    writeFileAtomic(join(dir, 'compare.json'), json);
    writeFileAtomic(join(dir, 'compare.html'), compareHtml(result));
  }
  io.stdout.write(format === 'json' ? json : format === 'html' ? compareHtml(result) : markdown);
  if (io.env.GITHUB_STEP_SUMMARY) appendFileSync(io.env.GITHUB_STEP_SUMMARY, compareStepSummary(result));
  for (const w of result.warnings) io.stderr.write(`gauntlet: warning: ${w}\n`);
  if (result.violations.length > 0) {
    io.stderr.write(`gauntlet: ${result.violations.length} rule violation(s):\n`);
    for (const v of result.violations) io.stderr.write(`  ${v.rule}: ${v.detector} on ${v.slice} is ${v.actual.toFixed(4)}${violationP(v)}\n`);
    return { kind: 'gate-failed', violations: result.violations };
  }
  return OK;
}
