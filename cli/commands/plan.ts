import { usageError } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';
import { createProgress } from '../progress.js';
import { buildSuite } from '../../harness/run-session.js';
import { planSlices, readSampleInfos, type Plan, type PlanRow } from '../../harness/evaluate/plan.js';
import { rulesFromOption } from '../../harness/evaluate/rules.js';
import { workerCount } from '../../core/worker-pool.js';

/**
 * `gauntlet plan [--suite S] [--mde 0.02] [--fail-on RULE ...]`: builds the
 * suite's dataset (or reuses the cached one) and prints, per gated slice,
 * its size, the minimum detectable change of the paired test and, with
 * --mde, the documents needed. Nothing is scored.
 */
export async function plan(_args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  const mde = options.mde === undefined ? undefined : Number(options.mde);
  if (mde !== undefined && !(mde > 0 && mde < 1)) throw usageError(`--mde must be a change in (0, 1), e.g. 0.02 (got "${String(options.mde)}")`);
  const rules = rulesFromOption(options.failOn);
  const progress = createProgress(io, Boolean(options.quiet));
  const dataset = await buildSuite({
    suite: options.suite as string | undefined,
    corpus: options.corpus as string | undefined,
    cwd: io.cwd,
    workers: workerCount(options.workers, io.env),
    onProgress: (done, total) => progress.update('building dataset', done, total),
  });
  progress.stop();
  const result = planSlices(await readSampleInfos(dataset.dir), { rules, mde });
  if (rules.length > 0 && result.rows.length === 0) throw usageError(`no slice matches the --fail-on rules (${rules.map((r) => r.text).join('; ')})`);
  const calibrationShare = dataset.manifest.suite.calibrationShare;
  io.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : planText(result, dataset.manifest.suite.name, calibrationShare));
  return OK;
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));

/** The plan as a table, with the assumptions it rests on stated once. */
export function planText(p: Plan, suite: string, calibrationShare: number): string {
  const head = ['slice', 'positives', 'negatives', 'documents', 'MDE recall', 'MDE FPR', ...(p.mde !== null ? [`documents for ${p.mde}`, 'corpus limit'] : [])];
  const body = p.rows.map((r) => row(r, p.mde !== null, calibrationShare));
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const out = [
    `Suite ${suite}: ${p.rows.length} gated slice(s). MDE = minimum detectable change of the paired test (McNemar on the slice's positives for recall, its negatives for FPR) at ${p.power * 100}% power and two-sided alpha ${p.alpha}, before a run: the discordant share is assumed max(2 x change, 0.05); after a run compare uses the observed one. Pairs are taken as independent (no design effect for several items per document).`,
    ...(p.mde !== null
      ? [`"documents for ${p.mde}": test documents needed to detect a change of ${p.mde} in recall at the slice's positives per document; "corpus limit": the corpus limit that gives them at calibrationShare ${calibrationShare}. "–": more than any corpus would need to hold, or not detectable.`]
      : []),
    '',
    line(head),
    ...body.map(line),
    '',
  ];
  return out.join('\n');
}

function row(r: PlanRow, withTarget: boolean, calibrationShare: number): string[] {
  const needed = r.needed?.documents ?? null;
  return [
    r.slice,
    String(r.positives),
    String(r.negatives),
    String(r.documents),
    f3(r.recall?.mde),
    f3(r.fpr?.mde),
    ...(withTarget ? [needed === null ? '–' : String(needed), needed === null ? '–' : String(Math.ceil(needed / (1 - calibrationShare)))] : []),
  ];
}
