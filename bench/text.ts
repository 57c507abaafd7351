import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/version.js';

/**
 * The text the generator benches run on: the observed article repeated to
 * about 20,000 words (the embedded corpus replaces it once harness/corpus
 * exposes a loader that needs no build step).
 */
export async function benchText(targetWords = 20_000): Promise<{ text: string; words: number }> {
  const observed = join(packageRoot(), '..', 'shared', 'observed', 'original.txt');
  const base = existsSync(observed) ? readFileSync(observed, 'utf8') : 'The quick brown fox jumps over the lazy dog. ';
  const perCopy = base.split(/\s+/).filter(Boolean).length;
  const copies = Math.max(1, Math.ceil(targetWords / perCopy));
  const text = Array.from({ length: copies }, () => base).join('\n\n');
  return { text, words: perCopy * copies };
}
