import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCorpus } from './prepare.js';
import { validateSuite } from './suite.js';

const suite = validateSuite({ name: 's', tasks: ['tamper'], generators: [{ name: 'mojibake', intensities: [0.5] }], corpus: { kind: 'embedded', limit: 3 } }, 'x');

describe('--corpus', () => {
  it('is stored relative to the suite\'s folder, where the build resolves it: no machine path enters the spec hash', () => {
    const root = mkdtempSync(join(tmpdir(), 'gauntlet-corpus-'));
    const loaded = { suite, baseDir: join(root, 'suites'), source: 'suites/s.json' };
    const replaced = withCorpus(loaded, 'data/news.jsonl', root);
    expect(replaced.suite.corpus).toEqual({ kind: 'path', path: '../data/news.jsonl', limit: 3 });
    expect(withCorpus(loaded, join(root, 'suites', 'c'), '/elsewhere').suite.corpus).toMatchObject({ path: 'c' });
    expect(loaded.suite.corpus.kind).toBe('embedded');
  });
});
