/**
 * What the runner sends a scoring worker once, in a file of its own so that
 * runner.ts and score-worker.ts need not import each other.
 */
export interface ScoreWorkerData {
  /** How the user named the detector (built-in name, JSON path or config object); the worker loads it again. */
  spec: string | Record<string, unknown>;
  /** Folder the spec's relative paths resolve from. */
  baseDir: string;
  /** A batch that takes longer than this ends in an error for each of its items. */
  batchTimeoutMs: number;
}
