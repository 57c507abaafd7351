import { relative } from 'node:path';
import type { CliIO } from '../io.js';
import type { ExecuteSummary } from '../../harness/score/runner.js';
import { writeRun, type RunRecord } from '../../harness/store/run-dir.js';
import { writeRunReport } from '../../harness/report/index.js';

/** Marks the run complete or interrupted, writes the report, prints the summary. */
export async function finishRun(dir: string, record: RunRecord, summary: ExecuteSummary, io: CliIO): Promise<number> {
  const done: RunRecord = {
    ...record,
    status: summary.interrupted ? 'interrupted' : 'complete',
    timing: { detectorMs: summary.timeMs },
    items: { scored: summary.scored, errors: summary.errors, reused: summary.skipped },
  };
  writeRun(dir, done);
  const where = relative(io.cwd, dir) || '.';
  if (summary.interrupted) {
    io.stderr.write(`gauntlet: run interrupted; ${summary.scored + summary.errors} items scored so far are kept. Resume with: gauntlet run --resume ${where}\n`);
    return 3;
  }
  const report = await writeRunReport(dir);
  io.stdout.write(`${report.summary}\n`);
  if (summary.errors > 0) io.stdout.write(`${summary.errors} items ended in an error (see ${where}/scores.jsonl; rerun them with gauntlet run --resume ${where} --retry-errors)\n`);
  io.stdout.write(`\nReport: ${where}/report.md\n`);
  return 0;
}
