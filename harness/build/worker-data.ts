/**
 * What dataset.ts sends each build worker once, in a file of its own so that
 * dataset.ts and build-worker.ts need not import each other.
 */
import type { MessagePort } from 'node:worker_threads';
import type { GeneratorFamily } from '../../core/types.js';
import type { DatasetManifest } from '../store/dataset-dir.js';
import type { DocumentCounts } from './document-builder.js';
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
  /** Cache files the first worker loaded into shared memory (core/shared-cache-bytes.ts): later workers read no second copy. */
  cacheBytes?: Record<string, SharedArrayBuffer>;
}

/**
 * A build worker's answer to one chunk of documents: the generators (the main
 * thread loads none), and a port its samples come through as they are built,
 * in {@link BuildWorkerBatch}es; the main thread posts one message back per
 * batch written, and the worker keeps at most BATCH_WINDOW batches unanswered,
 * so a document of any size crosses in bounded memory.
 */
export interface BuildWorkerReply {
  generators: DatasetManifest['generators'];
  port: MessagePort;
  /** The tables this worker holds in shared memory, for the workers started after it. */
  cacheBytes: Record<string, SharedArrayBuffer>;
}

/** Lines of one document, in order; `counts` comes with the document's last batch. Then `end` after the chunk's last document, or `error`. */
export type BuildWorkerBatch = { lines: string[]; counts?: DocumentCounts } | { end: true } | { error: string };

/** Characters of sample lines per batch, and batches a worker sends ahead of the main thread's answers. */
export const BATCH_CHARS = 1 << 20;
export const BATCH_WINDOW = 4;

/** A resolved generator as the manifest lists it. */
export function generatorEntry(g: { key: string; spec: { name: string; params?: Record<string, unknown> }; family: GeneratorFamily }): DatasetManifest['generators'][number] {
  return { key: g.key, name: g.spec.name, family: g.family, ...(g.spec.params ? { params: g.spec.params } : {}) };
}
