import { resolve, relative } from 'node:path';
import { usageError } from '../../core/errors.js';
import { shellCommand } from '../../core/terminal.js';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';
import { createRunDir, findRunDir } from '../../harness/store/run-dir.js';
import { mergeRuns, openShards } from '../../harness/score/merge.js';
import { writeRunReport } from '../../harness/report/index.js';

/** `gauntlet merge RUN_DIR... --out DIR` (shards in any order, each once) */
export async function merge(args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  if (args.length === 0) throw usageError('merge needs the run directories (or ids) of every shard');
  if (options.out === undefined || options.out === true) throw usageError('merge needs --out DIR for the merged run');
  const out = String(options.out);
  const dirs = args.map((a) => findRunDir(io.cwd, a));
  // Checked before the out directory is created: with --force, creating it clears it.
  openShards(dirs, resolve(io.cwd, out));
  const { dir, release } = createRunDir(io.cwd, 'merged', out, Boolean(options.force));
  let report;
  try {
    await mergeRuns(dirs, dir, shellCommand(['gauntlet', ...(io.argv ?? ['merge', ...args, '--out', out])]));
    report = await writeRunReport(dir);
  } finally {
    release();
  }
  const where = relative(io.cwd, dir) || '.';
  io.stdout.write(`${report.summary}\n\nMerged ${dirs.length} shards into ${where}; report: ${where}/report.md\n`);
  return OK;
}
