import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Root of the installed package (works from sources and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'text-gauntlet') return dir;
    } catch {
      // not here; go up
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the text-gauntlet package root');
}

let cached: string | undefined;
/** The tool version recorded in every manifest and run. */
export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}

/** Where built indexes and models are cached (WordNet index, n-gram model). Override with GAUNTLET_CACHE_DIR. */
export function cacheDir(): string {
  return process.env.GAUNTLET_CACHE_DIR ?? join(packageRoot(), '.cache');
}
