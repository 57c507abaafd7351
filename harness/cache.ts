import { existsSync, readdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRun } from './pipeline.js';
import { readScores, type LoadedDetector } from './run.js';

/**
 * Score caching: a detector's scores are reused from an earlier complete run
 * on the same dataset (same hash) by the same detector (same identity hash).
 * The reused records are copied into the new run, which then scores only
 * what is missing, like a resume. Errors are never reused.
 * Returns, per detector, the run its scores came from.
 */
export function seedFromCache(runsDir: string, runDir: string, datasetHash: string, detectors: readonly LoadedDetector[]): Record<string, string> {
  if (!existsSync(runsDir)) return {};
  const candidates = readdirSync(runsDir)
    .sort()
    .reverse()
    .map((id) => join(runsDir, id))
    .filter((dir) => dir !== runDir && existsSync(join(dir, 'run.json')) && existsSync(join(dir, 'scores.jsonl')));
  const reused: Record<string, string> = {};
  let records: ReturnType<typeof readScores> | undefined;
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
      records = readScores(join(dir, 'scores.jsonl'));
      const lines: string[] = [];
      for (const r of records.values()) if (r.detector === identity.name && r.error === undefined) lines.push(JSON.stringify(r));
      if (lines.length > 0) appendFileSync(join(runDir, 'scores.jsonl'), `${lines.join('\n')}\n`);
      reused[identity.name] = run.id;
      break;
    }
  }
  return reused;
}
