import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitCodeFor } from '../../core/errors.js';
import { loadDetector } from '../load.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const quiet = { onLog: () => undefined };

describe('module adapter', () => {
  it('loads an ES module by path, calls init, and checks every answer', async () => {
    const logs: string[] = [];
    const { detector, identity } = await loadDetector('module-detector.mjs', fixtures, { onLog: (l) => logs.push(l) });
    expect(identity).toMatchObject({ name: 'module-fixture', version: '3', tasks: ['tamper'] });
    expect(identity.hash).toMatch(/^[0-9a-f]{64}$/);
    await detector.init?.({ reference: [{ id: 'r', text: 'x' }] });
    const results = await detector.score([
      { id: 'a', task: 'tamper', text: 'abc' },
      { id: 'b', task: 'tamper', text: 'abcdefgh' },
      { id: 'c', task: 'tamper', text: 'NAN' },
      { id: 'd', task: 'tamper', text: 'UNKNOWN' },
      { id: 'e', task: 'tamper', text: 'SKIP' },
    ]);
    expect(results.slice(0, 2)).toEqual([{ id: 'a', status: 'scored', score: 3, label: 0 }, { id: 'b', status: 'scored', score: 8, label: 1 }]);
    expect(results[2].error).toMatch(/finite number/);
    expect(results[3].error).toMatch(/no answer/);
    expect(results[4].error).toMatch(/no answer/);
    expect(logs.some((l) => l.includes('unknown id "ref1-other"'))).toBe(true);
  });

  it('turns an item answered twice into an error, and keeps the other items', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-module-twice-'));
    writeFileSync(
      join(dir, 'twice.mjs'),
      `export default { name: 'twice', version: '1', tasks: ['tamper'], score: (items) => items.flatMap((i) => (i.text.includes('TWICE') ? [{ id: i.id, score: 1 }, { id: i.id, score: 0 }] : [{ id: i.id, score: 0.5 }])) };\n`,
    );
    const { detector } = await loadDetector('twice.mjs', dir, quiet);
    expect(await detector.score([{ id: 'a', task: 'tamper', text: 'once' }, { id: 'b', task: 'tamper', text: 'TWICE' }])).toEqual([
      { id: 'a', status: 'scored', score: 0.5 },
      { id: 'b', status: 'error', error: 'answered twice for this item' },
    ]);
  });

  it('lets a config object override name, version and tasks, which changes the identity', async () => {
    const plain = await loadDetector({ type: 'module', path: './module-detector.mjs' }, fixtures, quiet);
    const renamed = await loadDetector({ type: 'module', path: './module-detector.mjs', name: 'mine', version: '4', tasks: ['tamper', 'reuse'] }, fixtures, quiet);
    expect([renamed.detector.name, renamed.detector.version, renamed.detector.tasks]).toEqual(['mine', '4', ['tamper', 'reuse']]);
    expect(renamed.identity.hash).not.toBe(plain.identity.hash);
    expect((await loadDetector({ type: 'module', path: './module-detector.mjs' }, fixtures, quiet)).identity.hash).toBe(plain.identity.hash);
  });

  it('rejects a module that is not a detector with exit code 2', async () => {
    const error = await loadDetector('module-broken.mjs', fixtures, quiet).catch((e: unknown) => e);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toMatch(/module-broken\.mjs.*without a score/);
  });
});

describe('built-in detectors', () => {
  it('load by name with an identity hash tied to name, version and source', async () => {
    const a = await loadDetector('ngram-containment', '.', quiet);
    expect(a.identity).toMatchObject({ name: 'ngram-containment', tasks: ['reuse'] });
    expect(a.identity.hash).toBe((await loadDetector('ngram-containment', '.', quiet)).identity.hash);
    expect(a.identity.hash).not.toBe((await loadDetector('unseen-ngrams', '.', quiet)).identity.hash);
  });
});
