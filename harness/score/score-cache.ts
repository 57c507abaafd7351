import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import type { ScoreRecord } from '../../core/types.js';
import { LineCursor } from '../../core/lines.js';
import { join } from 'node:path';
import { readRun } from '../store/run-dir.js';
import type { LoadedDetector } from './runner.js';
import { runRecordPath, scoresPath } from '../store/run-dir.js';

/**
 * Score caching: a detector's scores are reused from an earlier complete run
 * on the same dataset (same hash) by the same detector (same identity hash).
 * The reused records are copied into the new run, which then scores only
 * what is missing, like a resume. Errors are never reused.
 * Returns, per detector, the run its scores came from.
 */
export async function seedFromCache(runsDir: string, runDir: string, datasetHash: string, detectors: readonly LoadedDetector[]): Promise<Record<string, string>> {
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
