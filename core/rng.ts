import seedrandom from 'seedrandom';
import { createHash } from 'node:crypto';

/** A uniform draw in [0, 1). */
export type Rng = () => number;

/**
 * The one source of randomness. Alea is seedrandom's fastest generator and
 * gives the same sequence on every platform for the same seed string.
 */
export function createRng(seed: string | number): Rng {
  const prng = seedrandom.alea(String(seed));
  return () => prng();
}

/**
 * Derives a child seed from named parts, e.g. (suite seed, source id,
 * generator, sample index). Hashing the parts means adding a generator or a
 * source never shifts the seeds of the other samples.
 */
export function deriveSeed(...parts: Array<string | number>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(p));
    h.update('\u0000');
  }
  return h.digest('hex').slice(0, 16);
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Picks one element uniformly; `undefined` for an empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[randomInt(rng, items.length)];
}
