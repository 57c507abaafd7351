import { usageError } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';
import { createRunDir, findRunDir } from '../../harness/store/run-dir.js';
import { mergeRuns } from '../../harness/score/merge.js';
import { writeRunReport } from '../../harness/report/index.js';
import { relative } from 'node:path';

/** `gauntlet merge RUN_DIR... --out DIR` */
export async function merge(args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  if (args.length === 0) throw usageError('merge needs the run directories (or ids) of every shard');
  if (options.out === undefined) throw usageError('merge needs --out DIR for the merged run');
  const dirs = args.map((a) => findRunDir(io.cwd, a));
  const { dir } = createRunDir(io.cwd, 'merged', String(options.out), Boolean(options.force));
  await mergeRuns(dirs, dir, `gauntlet merge ${args.join(' ')} --out ${String(options.out)}`);
  const report = await writeRunReport(dir);
  io.stdout.write(`${report.summary}\n\nMerged ${dirs.length} shards into ${relative(io.cwd, dir) || '.'}; report: ${relative(io.cwd, dir)}/report.md\n`);
  return OK;
}
