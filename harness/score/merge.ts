import { createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Sample, ScoreRecord } from '../../core/types.js';
import { usageError } from '../../core/errors.js';
import { LineCursor } from '../../core/lines.js';
import { writeFileAtomic } from '../../core/io.js';
import { shardOf, type DatasetManifest } from '../build/dataset.js';
import { readRun, storedDatasetPath, writeRun, type RunRecord } from '../store/run-dir.js';
import { manifestPath, samplesPath } from '../store/dataset-dir.js';
import { scoresPath } from '../store/run-dir.js';

/** A shard's run as opened for a merge. */
export interface ShardRun {
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
  const shards = openShards(runDirs, outDir);
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

/**
 * Opens and checks the shard runs before anything is written: the whole set
 * of one split (any order, each shard once), compatible runs, and an output
 * directory that shares no files with them. Returns the shards in index
 * order. Call it before creating `outDir`: creating a run directory with
 * --force clears it, which must never reach a shard's data.
 */
export function openShards(runDirs: readonly string[], outDir: string): ShardRun[] {
  if (runDirs.length === 0) throw usageError('merge needs the run directories of every shard');
  const shards = runDirs.map(openShardRun);
  checkOut(shards, outDir);
  checkSet(shards);
  shards.sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  checkCompatible(shards);
  return shards;
}

/** Shards 1..n of one split, each exactly once; the message names what is missing and what was given twice. */
function checkSet(shards: readonly ShardRun[]): void {
  const counts = [...new Set(shards.map((s) => s.manifest.shard.count))];
  if (counts.length > 1) {
    throw usageError(`the runs come from different splits (${shards.map((s) => `${s.dir} is shard ${s.manifest.shard.index}/${s.manifest.shard.count}`).join(', ')}); give the runs of one split`);
  }
  const n = counts[0];
  const byIndex = new Map<number, string[]>();
  for (const s of shards) byIndex.set(s.manifest.shard.index, [...(byIndex.get(s.manifest.shard.index) ?? []), s.dir]);
  const twice = [...byIndex].filter(([, dirs]) => dirs.length > 1).sort(([a], [b]) => a - b);
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  const problems = [
    ...twice.map(([i, dirs]) => `shard ${i}/${n} given ${dirs.length} times (${dirs.join(', ')})`),
    ...(missing.length > 0 ? [`missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${n}`] : []),
  ];
  if (problems.length > 0) throw usageError(`merge needs all ${n} shards, each once: ${problems.join('; ')}`);
}

/**
 * The merged run must not be, hold or sit inside a shard's run or dataset
 * directory: --force would clear the shard's files before they are read,
 * and writing beside them would mix two runs in one directory.
 */
export function checkOut(shards: ReadonlyArray<Pick<ShardRun, 'dir' | 'datasetDir'>>, outDir: string): void {
  const out = canonical(outDir);
  for (const s of shards) {
    for (const [what, dir] of [['shard run', s.dir], ["shard run's dataset", s.datasetDir]] as const) {
      const d = canonical(dir);
      const relation = out === d ? 'is' : within(out, d) ? 'is inside' : within(d, out) ? 'contains' : undefined;
      if (relation) throw usageError(`--out ${outDir} ${relation} the ${what} ${dir}; the merge would overwrite it, so choose an --out outside every shard`);
    }
  }
}

/** `inner` is strictly below `outer`. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The real path, through symbolic links, of a path that may not exist yet (its nearest existing ancestor resolved). */
function canonical(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = resolve(abs, '..');
  return parent === abs ? abs : join(canonical(parent), basename(abs));
}

function checkCompatible(shards: ShardRun[]): void {
  const first = shards[0];
  for (const s of shards) {
    if (s.manifest.specHash !== first.manifest.specHash) throw usageError(`${s.dir}: built from another suite spec than ${first.dir} (spec hash ${s.manifest.specHash.slice(0, 12)} != ${first.manifest.specHash.slice(0, 12)})`);
    const ids = (r: RunRecord) => JSON.stringify(r.detectors.map((d) => [d.name, d.hash]));
    if (ids(s.record) !== ids(first.record)) throw usageError(`${s.dir}: ran other detectors (or versions) than ${first.dir}`);
    if (JSON.stringify(s.record.threshold) !== JSON.stringify(first.record.threshold)) throw usageError(`${s.dir}: uses another threshold policy than ${first.dir}`);
  }
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
