import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSuite, validateSuite } from './suite.js';

const minimal = { name: 's', tasks: ['tamper'], generators: [{ name: 'mojibake', intensities: [0.5] }] };

describe('suite validation', () => {
  it('fills defaults', () => {
    const suite = validateSuite(minimal, 'x.json');
    expect(suite).toMatchObject({ seed: 1, corpus: { kind: 'embedded' }, samplesPerSource: 1, negativeAttacks: [] });
  });

  it('names the file and the field of a bad value', () => {
    expect(() => validateSuite({ ...minimal, generators: [{ name: 'mojibake', intensities: [1.5] }] }, 'x.json')).toThrowError('x.json: generators[0].intensities[0]: must be in [0, 1]');
    expect(() => validateSuite({ ...minimal, tasks: ['tampr'] }, 'x.json')).toThrowError(/^x\.json: tasks\[0\]: /);
    expect(() => validateSuite({ ...minimal, extra: 1 }, 'x.json')).toThrowError(/extra/);
  });

  it('loads built-in, JSON and ES module suites', async () => {
    const builtin = await loadSuite('default', process.cwd());
    expect(builtin.suite.name).toBe('default');
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-suite-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify(minimal));
    expect((await loadSuite(join(dir, 's.json'), dir)).suite.name).toBe('s');
    writeFileSync(join(dir, 's.mjs'), `export default ${JSON.stringify({ ...minimal, name: 'm' })};`);
    expect((await loadSuite('s.mjs', dir)).suite.name).toBe('m');
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    await expect(loadSuite('bad.json', dir)).rejects.toThrowError(/bad\.json: not valid JSON/);
    await expect(loadSuite('missing.json', dir)).rejects.toThrowError(/suite not found/);
  });
});
