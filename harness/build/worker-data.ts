/**
 * What dataset.ts sends each build worker once, in a file of its own so that
 * dataset.ts and build-worker.ts need not import each other.
 */
import type { ValidSuite } from './suite.js';

/** The build plan, with neighbours and calibration already chosen. */
export interface BuildWorkerData {
  suite: ValidSuite;
  /** Folder relative corpus paths resolve from; the worker loads the corpus again. */
  baseDir: string;
  documentIds: string[];
  calibrationIds: string[];
  /** Selected document id -> its nearest other-article passage id. */
  neighbours: Record<string, string>;
}
