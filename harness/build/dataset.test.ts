import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { exitCodeFor } from '../../core/errors.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset, buildThreads, selectDocuments } from './dataset.js';
import { validateSuite } from './suite.js';
import { BATCH_CHARS } from './worker-data.js';
import type { Sample } from '../../core/types.js';
import { sliceCodePoints } from '../../core/text.js';

const suite = validateSuite(
  {
    name: 'tiny',
    seed: 7,
    corpus: { kind: 'embedded', limit: 6 },
    tasks: ['tamper', 'reuse'],
    generators: [
      { name: 'mojibake', intensities: [0.5, 1] },
      { name: 'flatten-whitespace', intensities: [1] },
    ],
    calibrationShare: 0.34,
  },
  'test',
);

const read = (dir: string) => readFileSync(join(dir, 'samples.jsonl'), 'utf8');
const samples = (dir: string) => read(dir).trim().split('\n').map((l) => JSON.parse(l) as Sample);

describe('dataset build', () => {
  it('gives the same bytes and hash for the same spec', async () => {
    const a = await buildDataset(suite, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'ds-a-')) });
    const b = await buildDataset(suite, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'ds-b-')) });
    expect(read(a.dir)).toBe(read(b.dir));
    expect(readFileSync(join(a.dir, 'manifest.json'), 'utf8')).toBe(readFileSync(join(b.dir, 'manifest.json'), 'utf8'));
    expect(a.manifest.hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await buildDataset(suite, { baseDir: '.', outDir: a.dir });
    expect(again.cached).toBe(true);
  });

  it('builds labelled samples whose edits slice and whose ids are unique', async () => {
    const { dir, manifest } = await buildDataset(suite, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'ds-c-')) });
    const all = samples(dir);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(manifest.counts.samples).toBe(all.length);
    const calibration = all.filter((s) => s.split === 'calibration');
    expect(calibration.length).toBe(manifest.counts.calibration);
    expect(calibration.every((s) => s.label === 0 && s.role === 'pooled-negative')).toBe(true);
    // 2 of 6 documents calibrate: their corrupted versions are not built.
    const calibrationDocs = new Set(calibration.map((s) => s.sourceId));
    expect(calibrationDocs.size).toBe(2);
    expect(all.filter((s) => s.label === 1).every((s) => !calibrationDocs.has(s.sourceId))).toBe(true);
    for (const s of all.filter((x) => x.task === 'tamper' && x.label === 1)) {
      expect(s.edits.length).toBeGreaterThan(0);
      const source = all.find((x) => x.task === 'tamper' && x.sourceId === s.sourceId && x.generator === 'none')!.text;
      for (const e of s.edits) {
        expect(sliceCodePoints(source, e.sourceSpan[0], e.sourceSpan[1])).toBe(e.before);
        expect(sliceCodePoints(s.text, e.outputSpan[0], e.outputSpan[1])).toBe(e.after);
      }
    }
    const reuseNegatives = all.filter((s) => s.task === 'reuse' && s.label === 0);
    expect(reuseNegatives.length).toBe(6);
    for (const s of reuseNegatives) expect(s.text).not.toBe(s.source);
  });

  it('nests edits across intensities for one source and generator', async () => {
    const { dir } = await buildDataset(suite, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'ds-d-')) });
    const moj = samples(dir).filter((s) => s.task === 'tamper' && s.generator === 'mojibake');
    for (const low of moj.filter((s) => s.intensity === 0.5)) {
      const high = moj.find((s) => s.sourceId === low.sourceId && s.intensity === 1)!;
      const spans = new Set(high.edits.map((e) => e.sourceSpan.join(':')));
      for (const e of low.edits) expect(spans.has(e.sourceSpan.join(':'))).toBe(true);
    }
  });

  it('selects documents by a seeded order that survives adding documents', () => {
    const docs = Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, text: 'x' }));
    const pick = selectDocuments(docs, 10, 1).map((d) => d.id);
    const more = selectDocuments([...docs, { id: 'new', text: 'y' }], 10, 1).map((d) => d.id);
    expect(more.filter((id) => pick.includes(id)).length).toBeGreaterThanOrEqual(9);
  });
});

describe('multi-threaded build', () => {
  it('uses workers only when each has enough documents, and builds off the main thread when allowed two', () => {
    expect(buildThreads(1, 10_000, 250)).toBe(0);
    expect(buildThreads(2, 80, 250)).toBe(1);
    expect(buildThreads(2, 600, 250)).toBe(2);
    expect(buildThreads(8, 600, 250)).toBe(2);
    expect(buildThreads(2, 0, 250)).toBe(0);
  });

  it('removes the temp samples a killed build left, and keeps those of live builds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-stale-'));
    // A pid far above any pid_max stands for a dead builder; our parent process for a live one.
    writeFileSync(join(dir, '.samples.jsonl.4194305.tmp'), 'partial');
    writeFileSync(join(dir, `.samples.jsonl.${process.ppid}.tmp`), 'in progress');
    await buildDataset(suite, { baseDir: '.', outDir: dir });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([`.samples.jsonl.${process.ppid}.tmp`]);
  });

  it('writes the same bytes with worker threads as on one thread', async () => {
    const wide = validateSuite({ ...suite, name: 'wide', corpus: { kind: 'embedded', limit: 30 } }, 'test');
    const one = await buildDataset(wide, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'ds-1-')), workers: 1 });
    const two = await buildDataset(wide, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'ds-2-')), workers: 2, minDocsPerWorker: 12 });
    expect(read(two.dir)).toBe(read(one.dir));
    expect(two.manifest).toEqual(one.manifest);
  });

  it('writes the same bytes with worker threads when the samples of a document cross in several batches (issue 21 item 10)', async () => {
    // 4 documents x 2 tasks x 40 draws x 11 intensities: each document writes well over BATCH_CHARS.
    const deep = validateSuite({ ...suite, name: 'deep', corpus: { kind: 'embedded', limit: 4 }, samplesPerSource: 40, generators: [{ name: 'flatten-whitespace', intensities: Array.from({ length: 11 }, (_, i) => i / 10) }] }, 'test');
    const one = await buildDataset(deep, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'ds-1-')), workers: 1 });
    const two = await buildDataset(deep, { baseDir: '.', outDir: mkdtempSync(join(tmpdir(), 'ds-2-')), workers: 2, minDocsPerWorker: 1 });
    expect(read(one.dir).length / 4).toBeGreaterThan(2 * BATCH_CHARS);
    expect(read(two.dir)).toBe(read(one.dir));
    expect(two.manifest).toEqual(one.manifest);
  });

  it('never replaces a dataset of another spec without force, and keeps detector secrets out of the manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-spec-'));
    const secret = 'sk-live-0123456789';
    const withDetector = validateSuite({ ...suite, name: 'secret', detectors: [{ type: 'http', url: `https://u:${secret}@h.example/s?key=${secret}`, headers: { Authorization: `Bearer ${secret}` } }] }, 'test');
    await buildDataset(withDetector, { baseDir: '.', outDir: dir });
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).not.toContain(secret);
    const other = validateSuite({ ...suite, seed: 8 }, 'test');
    const error = await buildDataset(other, { baseDir: '.', outDir: dir }).catch((e: unknown) => e);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toMatch(/holds the dataset of another spec \(suite "secret".*--force/);
    const replaced = await buildDataset(other, { baseDir: '.', outDir: dir, force: true });
    expect(replaced.cached).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('lets one builder at a time into a dataset directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-lock-'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(join(dir, '.lock'), `${holder.pid}\n`);
      const error = await buildDataset(suite, { baseDir: '.', outDir: dir }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(new RegExp(`pid ${holder.pid}`));
    } finally {
      holder.kill();
    }
  });
});
