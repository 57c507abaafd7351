/**
 * What dataset.ts sends each build worker once, in a file of its own so that
 * dataset.ts and build-worker.ts need not import each other.
 */
import type { GeneratorFamily } from '../../core/types.js';
import type { DatasetManifest } from '../store/dataset-dir.js';
import type { DocumentSamples } from './document-builder.js';
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

/** A build worker's answer to one chunk: its documents' samples, and the generators (the main thread loads none). */
export interface BuildWorkerReply {
  generators: DatasetManifest['generators'];
  docs: DocumentSamples[];
}

/** A resolved generator as the manifest lists it. */
export function generatorEntry(g: { key: string; spec: { name: string; params?: Record<string, unknown> }; family: GeneratorFamily }): DatasetManifest['generators'][number] {
  return { key: g.key, name: g.spec.name, family: g.family, ...(g.spec.params ? { params: g.spec.params } : {}) };
}
