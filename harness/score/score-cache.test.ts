import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineDetector } from '../../core/types.js';
import { buildDataset } from '../build/dataset.js';
import { validateSuite } from '../build/suite.js';
import { executeRun, type LoadedDetector } from './runner.js';
import { newRunRecord, writeRun } from '../store/run-dir.js';
import { seedFromCache } from './score-cache.js';

const suite = validateSuite({ name: 'cache', seed: 5, corpus: { kind: 'embedded', limit: 4 }, tasks: ['tamper'], generators: [{ name: 'mojibake', intensities: [1] }], calibrationShare: 0.25 }, 'test');

describe('score cache', () => {
  it('reuses the scores of the same detector on the same dataset, and only then', async () => {
    const dataset = await buildDataset(suite, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'cache-ds-')) });
    const runs = mkdtempSync(join(tmpdir(), 'runs-'));
    let calls = 0;
    const detector = defineDetector({ name: 'd', version: '1', tasks: ['tamper'], score: (items) => (calls++, items.map((i) => ({ id: i.id, score: 1 }))) });
    const loaded = (hash: string): LoadedDetector => ({ detector, identity: { name: 'd', version: '1', hash, tasks: ['tamper'] }, spec: 'd' });
    const runOnce = async (id: string, hash: string) => {
      const runDir = join(runs, id);
      mkdirSync(runDir);
      const record = newRunRecord({ id, command: 't', dataset, runDir, detectors: [loaded(hash)], threshold: { kind: 'label' }, baseDir: '.' });
      const reused = await seedFromCache(runs, runDir, dataset.manifest.hash, [loaded(hash)]);
      await executeRun({ datasetDir: dataset.dir, runDir, detectors: [loaded(hash)], reference: () => [], resume: Object.keys(reused).length > 0 });
      writeRun(runDir, { ...record, status: 'complete' });
      return { reused, scores: readFileSync(join(runDir, 'scores.jsonl'), 'utf8') };
    };
    const first = await runOnce('a', 'h1');
    const callsAfterFirst = calls;
    expect(first.reused).toEqual({});
    const second = await runOnce('b', 'h1');
    expect(second.reused).toEqual({ d: 'a' });
    expect(calls).toBe(callsAfterFirst);
    expect(second.scores).toBe(first.scores);
    const third = await runOnce('c', 'h2');
    expect(third.reused).toEqual({});
    expect(calls).toBeGreaterThan(callsAfterFirst);
  });
  it('skips a damaged earlier run, naming its file and line, instead of failing every later run', async () => {
    const dataset = await buildDataset(suite, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'cache-ds-')) });
    const runs = mkdtempSync(join(tmpdir(), 'runs-'));
    const detector = defineDetector({ name: 'd', version: '1', tasks: ['tamper'], score: (items) => items.map((i) => ({ id: i.id, score: 1 })) });
    const loaded: LoadedDetector = { detector, identity: { name: 'd', version: '1', hash: 'h', tasks: ['tamper'] }, spec: 'd' };
    const torn = join(runs, 'torn');
    mkdirSync(torn);
    const record = newRunRecord({ id: 'torn', command: 't', dataset, runDir: torn, detectors: [loaded], threshold: { kind: 'label' }, baseDir: '.' });
    await executeRun({ datasetDir: dataset.dir, runDir: torn, detectors: [loaded], reference: () => [] });
    writeRun(torn, { ...record, status: 'complete' });
    appendFileSync(join(torn, 'scores.jsonl'), '{"sampleId":"x","detector":"d","sco{"sampleId"\n');
    const fresh = join(runs, 'fresh');
    mkdirSync(fresh);
    const warnings: string[] = [];
    expect(await seedFromCache(runs, fresh, dataset.manifest.hash, [loaded], (w) => warnings.push(w))).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/torn[\\/]scores\.jsonl: line \d+ is not a score record/);
  });
});
