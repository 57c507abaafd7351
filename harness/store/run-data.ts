import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { inputError } from '../../core/errors.js';
import { readJsonLines } from '../../core/io.js';
import { sampleLines } from './sample-lines.js';
import { truthSpans } from '../build/tasks/spans.js';
import { TASKS, type Edit, type Run, type Sample, type SampleRole, type Span, type Task } from '../../core/types.js';
import { runRecordPath, scoresPath } from './run-dir.js';
import { manifestPath, samplesPath } from './dataset-dir.js';

/** The fields of a sample that metrics need: no text, so memory does not grow with text size. */
export interface SampleInfo {
  id: string;
  task: Task;
  sourceId: string;
  generator: string;
  intensity: number;
  label: 0 | 1;
  role: SampleRole;
  split: 'test' | 'calibration';
  /** Attack family (sample.meta.family), null when absent. */
  family: string | null;
  /** Fact types the edits alter (sample.meta.factTypes, split on commas). */
  factTypes: string[];
  /** Spans task only: the true spans (edits' non-empty output spans). */
  truth?: Span[];
}

/** One detector's answers, indexed like `RunData.samples`. */
export interface DetectorScores {
  /** Score per sample; NaN where the detector gave none. */
  score: Float64Array;
  /** The detector's own label per sample; -1 where it gave none. */
  label: Int8Array;
  /** 1 where the record carries an error. */
  error: Uint8Array;
  /** 1 where a record exists for the sample. */
  present: Uint8Array;
  /** Flagged spans (spans task), by sample index. */
  spans: Map<number, Span[]>;
  /** A few distinct error messages, for the report. */
  errorMessages: string[];
}

/** What a run directory holds, loaded for metrics. */
export interface RunData {
  runDir: string;
  run: Run;
  datasetDir: string;
  manifest: Record<string, unknown> | null;
  samples: SampleInfo[];
  indexOf: Map<string, number>;
  /** Detector name -> its scores; in run.json's order, then any others found in scores.jsonl. */
  scores: Map<string, DetectorScores>;
}

const ROLES: ReadonlySet<string> = new Set(['positive', 'negative', 'pooled-negative']);

/**
 * Reads run.json, the dataset's samples (streamed) and scores.jsonl
 * (streamed). `fallbackDatasetDir` is used when the run's own dataset is not
 * on disk (a baseline run committed without its dataset, compared against a
 * fresh run of the same dataset hash); its manifest hash must match the run's.
 */
export async function loadRun(runDir: string, fallbackDatasetDir?: string): Promise<RunData> {
  const runPath = runRecordPath(runDir);
  if (!existsSync(runPath)) throw inputError(runPath, 'not a run directory (no run.json)');
  let run: Run;
  try {
    run = JSON.parse(readFileSync(runPath, 'utf8')) as Run;
  } catch (error) {
    throw inputError(runPath, `not valid JSON (${(error as Error).message})`);
  }
  for (const field of ['id', 'datasetDir', 'datasetHash'] as const) {
    if (typeof run[field] !== 'string') throw inputError(runPath, `field "${field}" must be a string`);
  }
  let datasetDir = isAbsolute(run.datasetDir) ? run.datasetDir : resolve(runDir, run.datasetDir);
  if (!existsSync(samplesPath(datasetDir)) && fallbackDatasetDir) datasetDir = fallbackDatasetDir;
  const manifestFile = manifestPath(datasetDir);
  const manifest = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>) : null;
  if (datasetDir === fallbackDatasetDir && manifest?.hash !== run.datasetHash) {
    throw inputError(runPath, `dataset ${run.datasetDir} is missing, and ${fallbackDatasetDir} holds another dataset (hash ${String(manifest?.hash).slice(0, 16)}, not ${run.datasetHash.slice(0, 16)})`);
  }
  // The directory may have been rebuilt with another spec since the run: evaluating its samples
  // against this run's scores while citing the old hash would be a silent lie.
  if (manifest !== null && manifest.hash !== run.datasetHash) {
    throw inputError(runPath, `its dataset ${run.datasetDir} now holds another dataset (hash ${String(manifest.hash).slice(0, 16)}, the run cites ${run.datasetHash.slice(0, 16)}): it was rebuilt since the run; rebuild the run's suite into another directory, or rerun`);
  }

  const samples: SampleInfo[] = [];
  const indexOf = new Map<string, number>();
  const samplesFile = samplesPath(datasetDir);
  for await (const { value, line } of readJsonLines<Partial<Sample>>(samplesFile)) {
    const info = sampleInfo(value, `${samplesFile}:${line}`);
    if (indexOf.has(info.id)) throw inputError(`${samplesFile}:${line}`, `duplicate sample id "${info.id}"`);
    indexOf.set(info.id, samples.length);
    samples.push(info);
  }

  const scores = new Map<string, DetectorScores>();
  for (const d of run.detectors ?? []) scores.set(d.name, emptyScores(samples.length));
  const scoresFile = scoresPath(runDir);
  if (existsSync(scoresFile)) {
    for await (const { value, line } of readJsonLines<Record<string, unknown>>(scoresFile)) {
      const where = `${scoresFile}:${line}`;
      if (typeof value?.sampleId !== 'string') throw inputError(where, 'field "sampleId" must be a string');
      if (typeof value.detector !== 'string') throw inputError(where, 'field "detector" must be a string');
      const i = indexOf.get(value.sampleId);
      if (i === undefined) throw inputError(where, `sample "${value.sampleId}" is not in ${samplesFile}`);
      let s = scores.get(value.detector);
      if (!s) scores.set(value.detector, (s = emptyScores(samples.length)));
      record(s, i, value, where);
    }
  }
  return { runDir, run, datasetDir, manifest, samples, indexOf, scores };
}

function emptyScores(n: number): DetectorScores {
  return {
    score: new Float64Array(n).fill(Number.NaN),
    label: new Int8Array(n).fill(-1),
    error: new Uint8Array(n),
    present: new Uint8Array(n),
    spans: new Map(),
    errorMessages: [],
  };
}

/**
 * Stores one score record; a later record for the same sample wins (a
 * resumed run re-scores). Answers were judged when the run wrote them
 * (detectors/validate.ts), so nothing is judged again here: a record with an
 * `error` string is an error, any other is read as it stands. A line that
 * holds neither an error nor any answer (finite score, 0/1 label, spans) is
 * a damaged file, named by file:line.
 */
function record(s: DetectorScores, i: number, value: Record<string, unknown>, where: string): void {
  const isError = typeof value.error === 'string';
  const score = typeof value.score === 'number' ? value.score : Number.NaN;
  const label = value.label === 1 ? 1 : value.label === 0 ? 0 : -1;
  const spans = Array.isArray(value.spans) ? (value.spans as Span[]) : undefined;
  if (!isError && !Number.isFinite(score) && label === -1 && spans === undefined) throw inputError(where, 'record holds neither an "error" nor a finite "score", a 0/1 "label" or "spans"');
  s.present[i] = 1;
  s.score[i] = score;
  s.label[i] = label;
  s.error[i] = isError ? 1 : 0;
  if (isError) {
    const message = (value.error as string) || 'error (no message)';
    if (s.errorMessages.length < 5 && !s.errorMessages.includes(message)) s.errorMessages.push(message);
  }
  if (spans) s.spans.set(i, spans);
  else s.spans.delete(i);
}

/** One samples.jsonl record as the metrics need it (exported for `gauntlet plan`, which sizes slices before any run). */
export function sampleInfo(v: Partial<Sample>, where: string): SampleInfo {
  const need = (ok: boolean, field: string, what: string) => {
    if (!ok) throw inputError(where, `field "${field}" must be ${what}`);
  };
  need(v !== null && typeof v === 'object', 'sample', 'an object');
  need(typeof v.id === 'string', 'id', 'a string');
  need(TASKS.includes(v.task as Task), 'task', `one of ${TASKS.join(', ')}`);
  need(typeof v.sourceId === 'string', 'sourceId', 'a string');
  need(typeof v.generator === 'string', 'generator', 'a string');
  need(typeof v.intensity === 'number' && Number.isFinite(v.intensity), 'intensity', 'a finite number');
  need(v.label === 0 || v.label === 1, 'label', '0 or 1');
  need(ROLES.has(v.role as string), 'role', 'positive, negative or pooled-negative');
  need(v.split === 'test' || v.split === 'calibration', 'split', 'test or calibration');
  const family = v.meta?.family;
  const factTypes = v.meta?.factTypes;
  return {
    id: v.id!,
    task: v.task!,
    sourceId: v.sourceId!,
    generator: v.generator!,
    intensity: v.intensity!,
    label: v.label!,
    role: v.role!,
    split: v.split!,
    family: typeof family === 'string' && family !== '' ? family : null,
    factTypes: typeof factTypes === 'string' && factTypes !== '' ? factTypes.split(',').map((t) => t.trim()).filter(Boolean) : [],
    ...(v.task === 'spans' ? { truth: truthSpans(Array.isArray(v.edits) ? v.edits : []) } : {}),
  };
}

/** The text fields of a sample, for the report's sample browser. */
export interface SampleText {
  text: string;
  source?: string;
  edits: Edit[];
}

/** Streams the dataset again and keeps the texts of the given samples only. */
export async function readSampleTexts(datasetDir: string, ids: ReadonlySet<string>): Promise<Map<string, SampleText>> {
  const out = new Map<string, SampleText>();
  if (ids.size === 0) return out;
  for await (const sample of sampleLines(samplesPath(datasetDir))) {
    if (!ids.has(sample.id)) continue;
    const value = sample.parse() as Partial<Sample>;
    out.set(sample.id, { text: String(value.text ?? ''), source: typeof value.source === 'string' ? value.source : undefined, edits: Array.isArray(value.edits) ? value.edits : [] });
  }
  return out;
}
