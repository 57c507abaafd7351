import type { Detector, DetectorItem, Sample, ScoreRecord, ValidatedResult } from '../../core/types.js';
import { PAIR_TASKS } from '../../core/types.js';
import { validateAnswers } from '../../detectors/validate.js';

/**
 * Scores one batch; never throws: every item comes back with a score or an
 * error. Answers are judged by detectors/validate.ts, the one place that
 * decides what counts, whatever the detector's transport.
 */
export async function scoreBatch(detector: Detector, samples: readonly Sample[], timeoutMs: number, onLog?: (line: string) => void): Promise<ScoreRecord[]> {
  const items: DetectorItem[] = samples.map((s) => (PAIR_TASKS.has(s.task) ? { id: s.id, task: s.task, text: s.text, source: s.source ?? '' } : { id: s.id, task: s.task, text: s.text }));
  let raw: unknown;
  try {
    raw = await withTimeout(Promise.resolve().then(() => detector.score(items)), timeoutMs);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return samples.map((s) => ({ sampleId: s.id, detector: detector.name, error: `detector failed on this batch: ${message}` }));
  }
  return validateAnswers(items, raw, onLog, detector.name).map((r) => toRecord(detector.name, r));
}

/** The scores.jsonl line of a validated result. Key order is the file's format: sampleId, detector, then score, label, spans or error. */
export function toRecord(detector: string, result: ValidatedResult): ScoreRecord {
  if (result.status === 'error') return { sampleId: result.id, detector, error: result.error };
  const record: ScoreRecord = { sampleId: result.id, detector, score: result.score };
  if (result.label !== undefined) record.label = result.label;
  if (result.spans !== undefined) record.spans = result.spans;
  return record;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (!Number.isFinite(ms)) return promise;
  return new Promise<T>((resolveP, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolveP(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
