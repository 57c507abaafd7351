import { createWriteStream, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { basename, join, relative, resolve } from 'node:path';
import type { Sample, ScoreRecord } from '../../core/types.js';
import { usageError } from '../../core/errors.js';
import { LineCursor } from '../../core/lines.js';
import { writeFileAtomic } from '../../core/io.js';
import { shardOf, type DatasetManifest } from '../build/dataset.js';
import { readRun, storedDatasetPath, writeRun, type RunRecord } from '../store/run-dir.js';
import { manifestPath, samplesPath } from '../store/dataset-dir.js';
import { scoresPath } from '../store/run-dir.js';

interface ShardRun {
  dir: string;
  record: RunRecord;
  datasetDir: string;
  manifest: DatasetManifest & { shard: NonNullable<DatasetManifest['shard']> };
}

/**
 * Joins the runs of shards 1..n of one suite into one run whose dataset,
 * scores and metrics equal those of an unsharded run: samples and scores are
 * interleaved back into the global document order, streaming (memory stays
 * flat in dataset size).
 */
export async function mergeRuns(runDirs: readonly string[], outDir: string, command: string): Promise<RunRecord> {
  const shards = runDirs.map(openShardRun).sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  checkCompatible(shards, runDirs);
  const first = shards[0];
  const order = first.manifest.shard.documents;
  const count = first.manifest.shard.count;

  const datasetDir = join(outDir, 'dataset');
  mkdirSync(datasetDir, { recursive: true });
  const hash = createHash('sha256');
  const samplesOut = createWriteStream(join(datasetDir, '.samples.jsonl.tmp'), 'utf8');
  const cursors = shards.map((s) => new LineCursor(samplesPath(s.datasetDir)));
  for (const docId of order) {
    const cursor = cursors[shardOf(docId, count) - 1];
    for (let line = await cursor.peek(); line !== undefined && (JSON.parse(line) as Sample).sourceId === docId; line = await cursor.peek()) {
      await cursor.next();
      const out = `${line}\n`;
      hash.update(out);
      if (!samplesOut.write(out)) await once(samplesOut, 'drain');
    }
  }
  for (const [k, c] of cursors.entries()) {
    if ((await c.peek()) !== undefined) throw usageError(`${runDirs[k]}: its dataset holds samples of documents outside the suite's order; was it built by another version?`);
    await c.close();
  }
  samplesOut.end();
  await once(samplesOut, 'finish');
  renameSync(join(datasetDir, '.samples.jsonl.tmp'), samplesPath(datasetDir));

  const manifest = mergedManifest(shards.map((s) => s.manifest), hash.digest('hex'));
  writeFileAtomic(manifestPath(datasetDir), `${JSON.stringify(manifest, null, 2)}\n`);

  await mergeScores(shards, datasetDir, scoresPath(outDir), count);

  const baseDir = resolve(first.dir, first.record.baseDir);
  const record: RunRecord = {
    ...first.record,
    id: basename(outDir),
    createdAt: new Date().toISOString(),
    command,
    datasetHash: manifest.hash,
    datasetDir: storedDatasetPath(outDir, datasetDir),
    baseDir: storedDatasetPath(outDir, baseDir),
    status: 'complete',
    timing: { detectorMs: sumRecords(shards.map((s) => s.record.timing?.detectorMs ?? {})) },
    items: sumRecords(shards.map((s) => s.record.items ?? { scored: 0, errors: 0, reused: 0 })) as RunRecord['items'],
  };
  writeRun(outDir, record);
  return record;
}

function openShardRun(dir: string): ShardRun {
  const record = readRun(dir);
  const datasetDir = resolve(dir, record.datasetDir);
  const manifest = JSON.parse(readFileSync(manifestPath(datasetDir), 'utf8')) as DatasetManifest;
  if (!manifest.shard) throw usageError(`${dir}: not a shard run (its dataset was built without --shard)`);
  if (record.status !== 'complete') throw usageError(`${dir}: the run is ${record.status}; finish it first (gauntlet run --resume ${relative(process.cwd(), dir)})`);
  return { dir, record, datasetDir, manifest: manifest as ShardRun['manifest'] };
}

function checkCompatible(shards: ShardRun[], dirs: readonly string[]): void {
  const first = shards[0];
  const n = first.manifest.shard.count;
  if (shards.length !== n) throw usageError(`merge needs all ${n} shards, got ${shards.length} (${dirs.join(', ')})`);
  shards.forEach((s, i) => {
    if (s.manifest.shard.count !== n || s.manifest.shard.index !== i + 1) throw usageError(`${s.dir}: shard ${s.manifest.shard.index}/${s.manifest.shard.count} does not fit shards 1..${n} (each exactly once)`);
    if (s.manifest.specHash !== first.manifest.specHash) throw usageError(`${s.dir}: built from another suite spec than ${first.dir} (spec hash ${s.manifest.specHash.slice(0, 12)} != ${first.manifest.specHash.slice(0, 12)})`);
    const ids = (r: RunRecord) => JSON.stringify(r.detectors.map((d) => [d.name, d.hash]));
    if (ids(s.record) !== ids(first.record)) throw usageError(`${s.dir}: ran other detectors (or versions) than ${first.dir}`);
    if (JSON.stringify(s.record.threshold) !== JSON.stringify(first.record.threshold)) throw usageError(`${s.dir}: uses another threshold policy than ${first.dir}`);
  });
}

/** The manifest an unsharded build would have written: counts summed, no shard field, the merged hash. */
function mergedManifest(manifests: DatasetManifest[], hash: string): DatasetManifest {
  const { shard: _shard, ...base } = manifests[0];
  const byTask: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  for (const m of manifests) {
    for (const [k, v] of Object.entries(m.counts.byTask)) byTask[k] = (byTask[k] ?? 0) + v;
    for (const [k, v] of Object.entries(m.counts.skipped)) skipped[k] = (skipped[k] ?? 0) + v;
  }
  return {
    ...base,
    corpus: { ...base.corpus, used: manifests.reduce((n, m) => n + m.corpus.used, 0) },
    hash,
    counts: {
      samples: manifests.reduce((n, m) => n + m.counts.samples, 0),
      byTask,
      calibration: manifests.reduce((n, m) => n + m.counts.calibration, 0),
      skipped: Object.fromEntries(Object.entries(skipped).sort(([a], [b]) => (a < b ? -1 : 1))),
    },
  };
}

/** Scores in the order a complete unsharded run writes them: detector by detector, each in dataset order. */
async function mergeScores(shards: ShardRun[], mergedDatasetDir: string, outPath: string, count: number): Promise<void> {
  const out = createWriteStream(`${outPath}.tmp`, 'utf8');
  for (const detector of shards[0].record.detectors) {
    const cursors = shards.map((s) => new LineCursor(scoresPath(s.dir)));
    // Each shard's file is grouped by detector: skip to this detector's block.
    const nextFor = async (c: LineCursor): Promise<ScoreRecord | undefined> => {
      for (let line = await c.peek(); line !== undefined; line = await c.peek()) {
        const r = JSON.parse(line) as ScoreRecord;
        if (r.detector === detector.name) {
          await c.next();
          return r;
        }
        await c.next();
      }
      return undefined;
    };
    const pending: Array<ScoreRecord | undefined> = await Promise.all(cursors.map(nextFor));
    const samples = new LineCursor(samplesPath(mergedDatasetDir));
    for (let line = await samples.next(); line !== undefined; line = await samples.next()) {
      const sample = JSON.parse(line) as Sample;
      const k = shardOf(sample.sourceId, count) - 1;
      const r = pending[k];
      if (r === undefined || r.sampleId !== sample.id) continue;
      if (!out.write(`${JSON.stringify(r)}\n`)) await once(out, 'drain');
      pending[k] = await nextFor(cursors[k]);
    }
    await samples.close();
    for (const c of cursors) await c.close();
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${outPath}.tmp`, outPath);
}

function sumRecords(records: Array<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return out;
}
