import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import type { ScoreRecord } from '../../core/types.js';
import { LineCursor } from '../../core/lines.js';
import { join } from 'node:path';
import { readRun } from '../store/run-dir.js';
import type { LoadedDetector } from './runner.js';
import { runRecordPath, scoresPath } from '../store/run-dir.js';
import { isLockedByOther } from '../store/dir-lock.js';

/**
 * Score caching: a detector's scores are reused from an earlier complete run
 * on the same dataset (same hash) by the same detector (same identity hash).
 * The reused records are copied into the new run, which then scores only
 * what is missing, like a resume. Errors are never reused.
 * Returns, per detector, the run its scores came from.
 *
 * A candidate is read whole before anything is copied: a scores.jsonl with a
 * torn or foreign line (two writers, a disk full) is skipped and named
 * through `onWarn`, never half-copied, so one bad run cannot poison every
 * later run on the dataset. A candidate still locked by a live writer is
 * skipped too: "complete" is only true once its writer has let go.
 */
export async function seedFromCache(
  runsDir: string,
  runDir: string,
  datasetHash: string,
  detectors: readonly LoadedDetector[],
  onWarn: (message: string) => void = () => {},
): Promise<Record<string, string>> {
  if (!existsSync(runsDir)) return {};
  const candidates = readdirSync(runsDir)
    .sort()
    .reverse()
    .map((id) => join(runsDir, id))
    .filter((dir) => dir !== runDir && existsSync(runRecordPath(dir)) && existsSync(scoresPath(dir)));
  const reused: Record<string, string> = {};
  const out = createWriteStream(scoresPath(runDir), { flags: 'a', encoding: 'utf8' });
  try {
    for (const { identity } of detectors) {
      for (const dir of candidates) {
        let run;
        try {
          run = readRun(dir);
        } catch {
          continue;
        }
        if (run.status !== 'complete' || run.datasetHash !== datasetHash) continue;
        if (!run.detectors.some((d) => d.name === identity.name && d.hash === identity.hash)) continue;
        if (isLockedByOther(dir)) continue;
        const damage = await firstDamagedLine(scoresPath(dir));
        if (damage !== undefined) {
          onWarn(`not reusing scores from ${scoresPath(dir)}: line ${damage.line} is not a score record (${damage.why}); that run is damaged`);
          continue;
        }
        // Copied in file order, which is dataset order: the new run's file stays sorted.
        const cursor = new LineCursor(scoresPath(dir));
        for (let line = await cursor.next(); line !== undefined; line = await cursor.next()) {
          const r = JSON.parse(line) as ScoreRecord;
          if (r.detector === identity.name && r.error === undefined && !out.write(`${line}\n`)) await once(out, 'drain');
        }
        reused[identity.name] = run.id;
        break;
      }
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return reused;
}

/** The first line of a scores file that is not a JSON score record, if any. */
async function firstDamagedLine(path: string): Promise<{ line: number; why: string } | undefined> {
  const cursor = new LineCursor(path);
  let n = 0;
  for (let line = await cursor.next(); line !== undefined; line = await cursor.next()) {
    n++;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      return { line: n, why: (error as Error).message };
    }
    const r = record as Partial<ScoreRecord> | null;
    if (typeof r !== 'object' || r === null || typeof r.sampleId !== 'string' || typeof r.detector !== 'string') return { line: n, why: 'no sampleId or detector' };
  }
  return undefined;
}
