import { referenceCorpus } from '../build/corpus.js';
import type { DatasetRef } from '../store/dataset-dir.js';
import { executeRun, type ExecuteSummary, type LoadedDetector } from './runner.js';

export interface ScoreOptions {
  runDir: string;
  dataset: DatasetRef;
  detectors: LoadedDetector[];
  resume?: boolean;
  retryErrors?: boolean;
  batchSize?: number;
  workers?: number;
  /** Called as items finish, per detector. */
  onProgress?: (detector: string, done: number, total: number) => void;
  signal?: AbortSignal;
  log: (line: string) => void;
}

/** Scores a dataset with the detectors into the run directory, with the embedded reference corpus for their init. */
export async function scoreDataset(options: ScoreOptions): Promise<ExecuteSummary> {
  return executeRun({
    datasetDir: options.dataset.dir,
    runDir: options.runDir,
    detectors: options.detectors,
    resume: options.resume,
    retryErrors: options.retryErrors,
    batchSize: options.batchSize,
    workers: options.workers,
    reference: referenceCorpus,
    onProgress: options.onProgress,
    log: options.log,
    signal: options.signal,
  });
}
