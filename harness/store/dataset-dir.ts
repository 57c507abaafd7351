import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratorFamily } from '../../core/types.js';
import { usageError } from '../../core/errors.js';
import type { ValidSuite } from '../build/suite.js';

/**
 * A dataset directory and the one place that names its files: samples.jsonl
 * (one sample a line) and manifest.json (spec, counts, hash). The build
 * writes it; scoring, merge and the report read it through here.
 */
export const DATASET_FILES = {
  samples: 'samples.jsonl',
  manifest: 'manifest.json',
} as const;

/** manifest.json of a dataset directory. Deterministic: no wall clock. */
export interface DatasetManifest {
  format: 1;
  toolVersion: string;
  suite: ValidSuite;
  corpus: { kind: string; id: string; documents: number; used: number };
  /** sha256 of the spec (suite, corpus id, tool version): the cache key. */
  specHash: string;
  /** sha256 of samples.jsonl: the dataset hash a run cites. */
  hash: string;
  counts: { samples: number; byTask: Record<string, number>; calibration: number; skipped: Record<string, number> };
  /** `provenance`: what a generator that waits on I/O reports (model, served model id, prompt version, cassette hash). */
  generators: Array<{ key: string; name: string; family: GeneratorFamily; params?: Record<string, unknown>; provenance?: Record<string, string> }>;
  /** Present on a shard's dataset only: which slice, and the order of all selected documents (for merge). */
  shard?: Shard & { documents: string[] };
}

/** Shard i of n (1-based). */
export interface Shard {
  index: number;
  count: number;
}

/** A dataset directory with its manifest; `cached` when an earlier build was reused. */
export interface DatasetRef {
  dir: string;
  manifest: DatasetManifest;
  cached: boolean;
}

export function samplesPath(datasetDir: string): string {
  return join(datasetDir, DATASET_FILES.samples);
}

export function manifestPath(datasetDir: string): string {
  return join(datasetDir, DATASET_FILES.manifest);
}

/** True when both files of a dataset are there. */
export function isDatasetDir(dir: string): boolean {
  return existsSync(manifestPath(dir)) && existsSync(samplesPath(dir));
}

export function readManifest(datasetDir: string): DatasetManifest {
  return JSON.parse(readFileSync(manifestPath(datasetDir), 'utf8')) as DatasetManifest;
}

/** Opens an already built dataset directory. */
export function openDataset(dir: string): DatasetRef {
  if (!isDatasetDir(dir)) throw usageError(`${dir}: not a dataset directory (needs ${DATASET_FILES.manifest} and ${DATASET_FILES.samples}; make one with gauntlet build)`);
  return { dir, manifest: readManifest(dir), cached: true };
}
