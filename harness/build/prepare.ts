import { relative, resolve, sep } from 'node:path';
import type { GeneratorRuntime } from '../../core/types.js';
import type { DatasetRef, Shard } from '../store/dataset-dir.js';
import { buildDataset } from './dataset.js';
import { loadSuite, type LoadedSuite, type ValidSuite } from './suite.js';

/**
 * Loads a suite by name or path, optionally replacing its corpus with a user
 * corpus path (given relative to `cwd`).
 */
export async function resolveSuite(ref: string | undefined, cwd: string, corpusPath?: string): Promise<LoadedSuite> {
  const loaded = await loadSuite(ref ?? 'default', cwd);
  return corpusPath === undefined ? loaded : withCorpus(loaded, corpusPath, cwd);
}

/**
 * The suite with its corpus replaced by `corpusPath` (relative to `cwd`).
 * The path is stored relative to the suite's folder, where the build
 * resolves it: an absolute one would enter the spec hash and the manifest,
 * so the same corpus would build another dataset on another machine.
 */
export function withCorpus(loaded: LoadedSuite, corpusPath: string, cwd: string): LoadedSuite {
  const path = relative(loaded.baseDir, resolve(cwd, corpusPath)).split(sep).join('/') || '.';
  const suite: ValidSuite = { ...loaded.suite, corpus: { kind: 'path', path, limit: loaded.suite.corpus.limit } };
  return { ...loaded, suite };
}

/** Builds a loaded suite into its dataset directory (or reuses one with the same spec hash). */
export async function prepareDataset(
  loaded: LoadedSuite,
  options: { cwd: string; outDir?: string; noCache?: boolean; force?: boolean; onProgress?: (done: number, total: number) => void; shard?: Shard; workers?: number; generatorRuntime?: GeneratorRuntime },
): Promise<DatasetRef> {
  return buildDataset(loaded.suite, {
    shard: options.shard,
    workers: options.workers,
    baseDir: loaded.baseDir,
    outDir: options.outDir ? resolve(options.cwd, options.outDir) : undefined,
    cwd: options.cwd,
    noCache: options.noCache,
    force: options.force,
    onProgress: options.onProgress,
    generatorRuntime: options.generatorRuntime,
  });
}
