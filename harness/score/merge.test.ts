import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineDetector } from '../../core/types.js';
import { buildDataset, shardOf } from '../build/dataset.js';
import { validateSuite } from '../build/suite.js';
import { executeRun, type LoadedDetector } from './runner.js';
import { checkOut, mergeRuns } from './merge.js';
import { newRunRecord, writeRun } from '../store/run-dir.js';
import { writeRunReport } from '../report/index.js';

const suite = validateSuite(
  { name: 'sharded', seed: 11, corpus: { kind: 'embedded', limit: 9 }, tasks: ['tamper', 'reuse'], generators: [{ name: 'mojibake', intensities: [0.5, 1] }], calibrationShare: 0.34 },
  'test',
);
const detector = defineDetector({ name: 'len', version: '1', tasks: ['tamper', 'reuse'], score: (items) => items.map((i) => ({ id: i.id, score: (i.text.length % 97) / 97 })) });
const loaded: LoadedDetector = { detector, identity: { name: 'len', version: '1', hash: 'h', tasks: detector.tasks }, spec: 'len', batchSize: 5 };

async function buildAndRun(shard?: { index: number; count: number }) {
  const dataset = await buildDataset(suite, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'shard-ds-')), shard });
  const runDir = mkdtempSync(join(tmpdir(), 'shard-run-'));
  const record = newRunRecord({ id: 'r', command: 'test', dataset, runDir, detectors: [loaded], threshold: { kind: 'fpr', target: 0.05 }, baseDir: '.' });
  writeRun(runDir, record);
  await executeRun({ datasetDir: dataset.dir, runDir, detectors: [loaded], reference: () => [] });
  writeRun(runDir, { ...record, status: 'complete' });
  return { dataset, runDir };
}

const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

describe('shards and merge', () => {
  it('assigns every document to exactly one shard', () => {
    for (const id of ['a', 'brown-ca01-01', 'x/y']) {
      const s = shardOf(id, 4);
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThanOrEqual(4);
      expect(shardOf(id, 4)).toBe(s);
    }
  });

  it('a 4-shard build + run + merge equals the unsharded run', async () => {
    const whole = await buildAndRun();
    const shards = [];
    for (let i = 1; i <= 4; i++) shards.push(await buildAndRun({ index: i, count: 4 }));
    const sizes = shards.map((s) => s.dataset.manifest.counts.samples);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(whole.dataset.manifest.counts.samples);
    const out = mkdtempSync(join(tmpdir(), 'merged-'));
    await mergeRuns(shards.map((s) => s.runDir).reverse(), out, 'test merge');
    expect(read(out, 'dataset', 'samples.jsonl')).toBe(read(whole.dataset.dir, 'samples.jsonl'));
    expect(read(out, 'dataset', 'manifest.json')).toBe(read(whole.dataset.dir, 'manifest.json'));
    expect(read(out, 'scores.jsonl')).toBe(read(whole.runDir, 'scores.jsonl'));
    await writeRunReport(out);
    await writeRunReport(whole.runDir);
    const metrics = (dir: string) => {
      const { run: _run, ...rest } = JSON.parse(read(dir, 'metrics.json')) as Record<string, unknown>;
      return rest;
    };
    expect(metrics(out)).toEqual(metrics(whole.runDir));
  });

  it('refuses missing and duplicate shards, naming their indices', async () => {
    const one = await buildAndRun({ index: 1, count: 3 });
    const three = await buildAndRun({ index: 3, count: 3 });
    const out = () => mkdtempSync(join(tmpdir(), 'merged-'));
    await expect(mergeRuns([three.runDir, one.runDir], out(), 'x')).rejects.toThrowError(/needs all 3 shards, each once: missing shard 2 of 3$/);
    await expect(mergeRuns([one.runDir], out(), 'x')).rejects.toThrowError(/missing shards 2, 3 of 3/);
    await expect(mergeRuns([one.runDir, three.runDir, one.runDir], out(), 'x')).rejects.toThrowError(/shard 1\/3 given 2 times \(.*shard-run-.*, .*shard-run-.*\); missing shard 2 of 3/);
    const other = await buildAndRun({ index: 2, count: 2 });
    await expect(mergeRuns([one.runDir, other.runDir], out(), 'x')).rejects.toThrowError(/different splits .* is shard 1\/3, .* is shard 2\/2/);
  });

  it('refuses an --out that is, holds or sits inside a shard run or its dataset, before writing anything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-out-'));
    const shard = { dir: join(root, 'shard-1', 'run'), datasetDir: join(root, 'shard-1', 'dataset') };
    expect(() => checkOut([shard], shard.dir)).toThrowError(/is the shard run /);
    expect(() => checkOut([shard], join(shard.dir, 'merged'))).toThrowError(/is inside the shard run /);
    expect(() => checkOut([shard], join(root, 'shard-1'))).toThrowError(/contains the shard run /);
    expect(() => checkOut([shard], join(shard.datasetDir, 'x'))).toThrowError(/is inside the shard run's dataset/);
    expect(() => checkOut([shard], root)).toThrowError(/contains the shard run /);
    expect(() => checkOut([shard], join(root, 'merged'))).not.toThrow();
    expect(() => checkOut([shard], join(root, 'shard-10'))).not.toThrow();
  });
});
