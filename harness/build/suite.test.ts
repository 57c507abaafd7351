import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSuite, validateSuite } from './suite.js';
import { exitCodeFor } from '../../core/errors.js';
import { readThresholdPolicy } from '../evaluate/threshold-policy.js';

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

  it('reads threshold in the --threshold grammar, and the object run.json stores', () => {
    const threshold = (value: unknown) => validateSuite({ ...minimal, threshold: value }, 'x.json').threshold;
    expect(threshold('fixed:0.5')).toEqual({ kind: 'fixed', value: 0.5 });
    expect(threshold('fpr=0.1')).toEqual({ kind: 'fpr', target: 0.1 });
    expect(threshold('label')).toEqual({ kind: 'label' });
    expect(threshold(0.7)).toEqual({ kind: 'fixed', value: 0.7 });
    expect(threshold({ kind: 'fpr', target: 0.05 })).toEqual({ kind: 'fpr', target: 0.05 });
    expect(threshold(undefined)).toBeUndefined();
  });

  it('refuses a bad threshold with the message --threshold gives, after the file and field', async () => {
    for (const [value, text] of [['fpr:2', 'fpr:2'], ['sometimes', 'sometimes'], [{ kind: 'fpr', target: 2 }, 'fpr:2'], [{ kind: 'fixed', value: 1 / 0 }, 'fixed:Infinity']] as const) {
      const problem = (readThresholdPolicy(text) as { problem: string }).problem;
      expect(() => validateSuite({ ...minimal, threshold: value }, 'x.json')).toThrowError(`x.json: threshold: ${problem}`);
    }
    expect(() => validateSuite({ ...minimal, threshold: { kind: 'fpr' } }, 'x.json')).toThrowError(/^x\.json: threshold: .* is not a threshold policy \(use label, /);
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-suite-'));
    writeFileSync(join(dir, 't.json'), JSON.stringify({ ...minimal, threshold: 'fpr:0' }));
    await expect(loadSuite('t.json', dir)).rejects.toThrowError(`t.json: threshold: ${(readThresholdPolicy('fpr:0') as { problem: string }).problem}`);
  });

  it('rejects generator keys that would build duplicate sample ids, naming the field', () => {
    const twice = { ...minimal, generators: [{ name: 'mojibake', intensities: [0.5] }, { name: 'mojibake', intensities: [1] }] };
    expect(() => validateSuite(twice, 'x.json')).toThrowError('x.json: generators[1]: same key "mojibake" as generators[0]: give one a distinct "label" (sample ids and slices are named by it)');
    const labels = { ...minimal, generators: [{ name: 'mojibake', label: 'm', intensities: [0.5] }, { name: 'case-swap', label: 'm', intensities: [1] }] };
    expect(() => validateSuite(labels, 'x.json')).toThrowError(/generators\[1\]: same key "m"/);
    expect(() => validateSuite({ ...minimal, generators: [{ name: 'mojibake', intensities: [0.5, 0.5] }] }, 'x.json')).toThrowError('x.json: generators[0].intensities: intensity 0.5 is listed twice');
    expect(validateSuite({ ...minimal, generators: [{ name: 'case-swap', intensities: [1] }, { name: 'case-swap', params: { mode: 'word' }, intensities: [1] }] }, 'x.json').generators).toHaveLength(2);
  });

  it('checks generator params before the build, naming the file and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-suite-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ ...minimal, generators: [{ name: 'homoglyph', params: { script: 'greek' }, intensities: [0.5] }] }));
    await expect(loadSuite('p.json', dir)).rejects.toThrowError(/^p\.json: generators\[0\]\.params: unknown parameter "script" for homoglyph \(known: scripts\)/);
  });

  it('names the suite module that throws or never finishes loading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-suite-'));
    writeFileSync(join(dir, 'throws.mjs'), 'throw new Error("boom");');
    await expect(loadSuite('throws.mjs', dir)).rejects.toThrowError(/^throws\.mjs: the module failed to load: boom/);
    writeFileSync(join(dir, 'hangs.mjs'), 'await new Promise(() => {}); export default {};');
    process.env.GAUNTLET_MODULE_TIMEOUT_MS = '200';
    try {
      await expect(loadSuite('hangs.mjs', dir)).rejects.toThrowError(/^hangs\.mjs: the module did not finish loading within 0\.2 s/);
    } finally {
      delete process.env.GAUNTLET_MODULE_TIMEOUT_MS;
    }
  });
});

describe('paths in a suite', () => {
  it('checks its detector files against the suite file\'s folder, naming the file and the field (exit 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gauntlet-suite-paths-'));
    mkdirSync(join(root, 'suites', 'dets'), { recursive: true });
    writeFileSync(join(root, 'suites', 'dets', 'det.mjs'), 'export default { name: "d", score: (items) => items.map((i) => ({ id: i.id, score: 0 })) };');
    const write = (detectors: unknown[]) => writeFileSync(join(root, 'suites', 's.json'), JSON.stringify({ ...minimal, detectors }));
    write(['./dets/det.mjs', 'winnowing', { type: 'module', path: 'dets/det.mjs' }, { type: 'exec', command: ['python3', 'x.py'], cwd: 'dets' }]);
    // From the root, not the suite's folder: relative to the working directory, ./dets/det.mjs would not exist.
    await expect(loadSuite('suites/s.json', root)).resolves.toMatchObject({ baseDir: join(root, 'suites') });
    write(['winnowing', './det.mjs']);
    const error = await loadSuite('suites/s.json', root).catch((e: unknown) => e);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toMatch(/^suites\/s\.json: detectors\[1\]: detector file not found: \.\/det\.mjs \(looked in .*suites\/det\.mjs; paths in a suite resolve against the suite file's folder\)/);
    write([{ type: 'module', path: 'nope.mjs' }]);
    await expect(loadSuite('suites/s.json', root)).rejects.toThrowError(/^suites\/s\.json: detectors\[0\]\.path: not found: nope\.mjs/);
    write([{ type: 'exec', command: ['python3', 'x.py'], cwd: 'gone' }]);
    await expect(loadSuite('suites/s.json', root)).rejects.toThrowError(/^suites\/s\.json: detectors\[0\]\.cwd: not found: gone/);
  });

  it('accepts .ts suites as modules and says what a suite file may be', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-suite-ts-'));
    writeFileSync(join(dir, 's.yaml'), 'name: s');
    await expect(loadSuite('s.yaml', dir)).rejects.toThrowError(/a suite is a \.json file or an ES module \(\.mjs, or \.ts through tsx\)/);
    writeFileSync(join(dir, 's.ts'), `const name: string = 'typed';\nexport default { ...${JSON.stringify(minimal)}, name };`);
    expect((await loadSuite('s.ts', dir)).suite.name).toBe('typed');
  });

  it('bounds what one document may expand into, naming the field', () => {
    expect(() => validateSuite({ ...minimal, samplesPerSource: 1e9 }, 'x.json')).toThrowError(/^x\.json: samplesPerSource: at most 100/);
    const many = Array.from({ length: 20_000 }, (_, i) => i / 20_000);
    expect(() => validateSuite({ ...minimal, generators: [{ name: 'mojibake', intensities: many }] }, 'x.json')).toThrowError(/^x\.json: generators\[0\]\.intensities: at most 101 intensities/);
  });
});
