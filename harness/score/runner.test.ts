import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineDetector, type Detector, type DetectorResult, type ScoreRecord } from '../../core/types.js';
import { buildDataset } from '../build/dataset.js';
import { validateSuite } from '../build/suite.js';
import { executeRun, type LoadedDetector } from './runner.js';

const suite = validateSuite(
  { name: 'tiny', seed: 3, corpus: { kind: 'embedded', limit: 5 }, tasks: ['tamper', 'reuse'], generators: [{ name: 'mojibake', intensities: [1] }, { name: 'flatten-whitespace', intensities: [1] }], calibrationShare: 0.2 },
  'test',
);
const datasetDir = mkdtempSync(join(tmpdir(), 'run-ds-'));
const built = buildDataset(suite, { baseDir: '.', outDir: datasetDir });

const loaded = (detector: Detector, batchSize = 4): LoadedDetector => ({ detector, identity: { name: detector.name, version: detector.version, hash: 'h', tasks: detector.tasks }, spec: detector.name, batchSize });
const lengthDetector = defineDetector({ name: 'length', version: '1', tasks: ['tamper', 'reuse'], score: (items) => items.map((i) => ({ id: i.id, score: i.text.length / 1000 })) });
const records = (dir: string) => readFileSync(join(dir, 'scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ScoreRecord);

describe('runner', () => {
  it('scores every item of the detector\'s tasks, in dataset order', async () => {
    const { manifest } = await built;
    const runDir = mkdtempSync(join(tmpdir(), 'run-'));
    const summary = await executeRun({ datasetDir, runDir, detectors: [loaded(lengthDetector)], reference: () => [] });
    expect(summary).toMatchObject({ scored: manifest.counts.samples, errors: 0, interrupted: false });
    expect(records(runDir).every((r) => typeof r.score === 'number')).toBe(true);
  });

  it('turns every kind of misbehaviour into an error record, never a lost item', async () => {
    await built;
    let call = 0;
    const hostile = defineDetector({
      name: 'hostile',
      version: '1',
      tasks: ['tamper'],
      score(items) {
        call++;
        if (call === 2) throw new Error('boom');
        const out: DetectorResult[] = [];
        items.forEach((item, i) => {
          if (i === 0) out.push({ id: item.id, score: Number.NaN });
          else if (i === 1) out.push({ id: item.id, error: 'model said no' });
          else if (i === 2) out.push({ id: 'unknown-id', score: 1 });
          else out.push({ id: item.id, score: 0.5 }, { id: item.id, score: 0.9 });
        });
        return out.reverse();
      },
    });
    const runDir = mkdtempSync(join(tmpdir(), 'run-'));
    const summary = await executeRun({ datasetDir, runDir, detectors: [loaded(hostile)], reference: () => [] });
    const rs = records(runDir);
    expect(summary.scored + summary.errors).toBe(rs.length);
    const errors = rs.filter((r) => r.error !== undefined).map((r) => r.error!);
    expect(errors.some((e) => e.includes('boom'))).toBe(true);
    expect(errors.some((e) => e.includes('finite'))).toBe(true);
    expect(errors).toContain('model said no');
    expect(errors).toContain('no answer for this item');
    expect(errors).toContain('answered twice for this item');
    expect(rs.filter((r) => r.score !== undefined)).toEqual([]);
  });

  it('an interrupted run resumed gives the same scores file as an uninterrupted one', async () => {
    await built;
    const full = mkdtempSync(join(tmpdir(), 'run-full-'));
    await executeRun({ datasetDir, runDir: full, detectors: [loaded(lengthDetector)], reference: () => [] });
    const partial = mkdtempSync(join(tmpdir(), 'run-part-'));
    const controller = new AbortController();
    let seen = 0;
    const counting = defineDetector({ ...lengthDetector, score: (items) => {
      seen += items.length;
      if (seen >= 8) controller.abort();
      return lengthDetector.score(items);
    } });
    const first = await executeRun({ datasetDir, runDir: partial, detectors: [loaded(counting, 4)], reference: () => [], signal: controller.signal });
    expect(first.interrupted).toBe(true);
    const resumed = await executeRun({ datasetDir, runDir: partial, detectors: [loaded(lengthDetector, 4)], reference: () => [], resume: true });
    expect(resumed.skipped).toBeGreaterThanOrEqual(8);
    expect(readFileSync(join(partial, 'scores.jsonl'), 'utf8')).toBe(readFileSync(join(full, 'scores.jsonl'), 'utf8'));
  });

  it('a run killed with SIGKILL keeps every answer but those in flight, and resumes to the uninterrupted bytes', async () => {
    await built;
    const full = mkdtempSync(join(tmpdir(), 'run-full-'));
    await executeRun({ datasetDir, runDir: full, detectors: [loaded(lengthDetector)], reference: () => [] });
    const runDir = mkdtempSync(join(tmpdir(), 'run-killed-'));
    const answeredLog = join(runDir, '..', `${runDir.split('/').pop()}-answered.txt`);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'slow-run.ts'), datasetDir, runDir, answeredLog], { stdio: 'ignore' });
    const exited = new Promise((done) => child.on('exit', done));
    const lines = () => (existsSync(join(runDir, 'scores.jsonl')) ? readFileSync(join(runDir, 'scores.jsonl'), 'utf8').split('\n').length - 1 : 0);
    while (lines() < 6) await new Promise((done) => setTimeout(done, 20));
    child.kill('SIGKILL');
    await exited;
    const onDisk = new Set(records(runDir).map((r) => r.sampleId));
    const answered = readFileSync(answeredLog, 'utf8').trim().split('\n');
    const total = records(full).length;
    expect(onDisk.size).toBeLessThan(total);
    // In flight: the runner keeps 2 batches of 2 items launched at once; every other answer is on disk.
    expect(answered.filter((id) => !onDisk.has(id)).length).toBeLessThanOrEqual(4);
    const resumed = await executeRun({ datasetDir, runDir, detectors: [loaded(lengthDetector)], reference: () => [], resume: true });
    expect(resumed.skipped).toBe(onDisk.size);
    expect(readFileSync(join(runDir, 'scores.jsonl'), 'utf8')).toBe(readFileSync(join(full, 'scores.jsonl'), 'utf8'));
  });

  it('--batch-size applies to every detector, over a config\'s own batchSize', async () => {
    await built;
    const sizes: number[] = [];
    const sizing = defineDetector({ ...lengthDetector, score: (items) => (sizes.push(items.length), lengthDetector.score(items)) });
    await executeRun({ datasetDir, runDir: mkdtempSync(join(tmpdir(), 'run-bs-')), detectors: [loaded(sizing, 256)], reference: () => [], batchSize: 3 });
    expect(Math.max(...sizes)).toBe(3);
  });

  it('--retry-errors reruns only the items that ended in error', async () => {
    await built;
    const runDir = mkdtempSync(join(tmpdir(), 'run-retry-'));
    const flaky = defineDetector({ ...lengthDetector, name: 'flaky', score: (items) => items.map((i, k) => (k === 0 ? { id: i.id, error: 'transient' } : { id: i.id, score: 1 })) });
    const first = await executeRun({ datasetDir, runDir, detectors: [loaded(flaky)], reference: () => [] });
    expect(first.errors).toBeGreaterThan(0);
    const asked: string[] = [];
    const fixed = defineDetector({ ...flaky, score: (items) => items.map((i) => (asked.push(i.id), { id: i.id, score: 2 })) });
    const second = await executeRun({ datasetDir, runDir, detectors: [loaded(fixed)], reference: () => [], resume: true, retryErrors: true });
    expect(asked.length).toBe(first.errors);
    expect(second.errors).toBe(0);
    expect(records(runDir).every((r) => r.error === undefined)).toBe(true);
  });
});

describe('runner with worker threads', () => {
  it('gives the same scores file as one thread', async () => {
    await built;
    const { loadDetector } = await import('../../detectors/load.js');
    const info = await loadDetector('ngram-containment', process.cwd());
    const det: LoadedDetector = { ...info, spec: 'ngram-containment', baseDir: process.cwd(), batchSize: 3 };
    const one = mkdtempSync(join(tmpdir(), 'run-w1-'));
    const two = mkdtempSync(join(tmpdir(), 'run-w2-'));
    await executeRun({ datasetDir, runDir: one, detectors: [det], reference: () => [], workers: 1 });
    const summary = await executeRun({ datasetDir, runDir: two, detectors: [det], reference: () => [], workers: 2, minItemsPerWorker: 1 });
    expect(summary.errors).toBe(0);
    expect(readFileSync(join(two, 'scores.jsonl'), 'utf8')).toBe(readFileSync(join(one, 'scores.jsonl'), 'utf8'));
  });
});
