/**
 * Slice metrics of a run: for every detector, the operating point per task
 * (threshold policy applied on the calibration split), then every slice's
 * numbers with their intervals. Reports and `compare` read this.
 */
import type { Task, ThresholdPolicy } from '../../core/types.js';
import type { RunData } from '../store/run-data.js';
import { measureSlice, type MeasureOptions, type SliceMetrics } from './measure.js';
import { operatingPoint, type ErrorPolicy, type OperatingPoint } from './operating.js';
import { buildSlices, type SliceDef } from './slices.js';
import { measureSpansSlice } from './span-metrics.js';
import { DEFAULT_THRESHOLD_POLICY } from './threshold-policy.js';

export type { Estimate, SliceMetrics } from './measure.js';
export type { ErrorPolicy, OperatingPoint } from './operating.js';
export type { SliceDef, SliceKind } from './slices.js';
export type { SpanMetrics } from './span-metrics.js';
export { buildSlices } from './slices.js';
export { describePolicy } from './operating.js';
export { parseThresholdPolicy, formatThresholdPolicy } from './threshold-policy.js';

export interface MetricsOptions {
  /** Operating threshold policy; defaults to the run's own (run.json), else calibration at 5% FPR. */
  threshold?: ThresholdPolicy;
  /** How errored items count; default `miss`. */
  errors?: ErrorPolicy;
  /** Bootstrap replicates per slice; default 1000, 0 to skip. */
  bootstrap?: number;
  /** Seed of every bootstrap; default "0". */
  seed?: string;
  /** FPR levels of the TPR-at-FPR columns; default [0.01, 0.05]. */
  fprLevels?: number[];
}

/** The operating point as reported (without its per-sample decisions). */
export type OperatingSummary = Omit<OperatingPoint, 'decisions'>;

/** A precision-recall curve of one detector on one slice: [recall, precision] points, highest threshold first. */
export interface Curve {
  detector: string;
  slice: string;
  points: Array<[number, number]>;
}

/** Everything metrics.json holds. */
export interface MetricsResult {
  schema: 'text-gauntlet/metrics@1';
  run: {
    id: string;
    createdAt: string;
    toolVersion: string;
    command: string;
    suite: string;
    datasetHash: string;
    detectors: Array<{ name: string; version: string; hash: string }>;
  };
  settings: {
    threshold: ThresholdPolicy;
    errors: ErrorPolicy;
    bootstrap: { replicates: number; seed: string; cluster: 'sourceId'; interval: 'BCa 95%' };
    proportions: 'Wilson 95%';
    fprLevels: number[];
  };
  operating: OperatingSummary[];
  slices: SliceMetrics[];
  curves: Curve[];
}

/** Calibration at 5% FPR: the grammar's default, one place for the CLI and reports. */
export const DEFAULT_POLICY: ThresholdPolicy = DEFAULT_THRESHOLD_POLICY;

/** Resolved options with defaults filled in. */
export function resolveOptions(data: RunData, options: MetricsOptions = {}): Required<MetricsOptions> {
  return {
    threshold: options.threshold ?? data.run.threshold ?? DEFAULT_POLICY,
    errors: options.errors ?? 'miss',
    bootstrap: options.bootstrap ?? 1000,
    seed: options.seed ?? '0',
    fprLevels: options.fprLevels ?? [0.01, 0.05],
  };
}

/** Detectors and the tasks each answered (at least one record in the task). */
export function answeredTasks(data: RunData): Array<{ detector: string; tasks: Task[] }> {
  const out: Array<{ detector: string; tasks: Task[] }> = [];
  for (const [detector, s] of data.scores) {
    const tasks = new Set<Task>();
    data.samples.forEach((sample, i) => {
      if (s.present[i]) tasks.add(sample.task);
    });
    if (tasks.size > 0) out.push({ detector, tasks: [...tasks] });
  }
  return out;
}

/** Operating points of every detector on every task it answered (the spans task has none: it is scored by spans, not decisions). */
export function operatingPoints(data: RunData, policy: ThresholdPolicy): OperatingPoint[] {
  return answeredTasks(data).flatMap(({ detector, tasks }) => tasks.filter((t) => t !== 'spans').map((task) => operatingPoint(detector, task, data.samples, data.scores.get(detector)!, policy)));
}

/** Computes every slice metric of a loaded run. */
export function computeMetrics(data: RunData, options: MetricsOptions = {}): MetricsResult {
  const o = resolveOptions(data, options);
  const slices = buildSlices(data.samples);
  const points = operatingPoints(data, o.threshold);
  const measure: MeasureOptions = { errors: o.errors, replicates: o.bootstrap, seed: o.seed, fprLevels: o.fprLevels };
  const results: SliceMetrics[] = [];
  const curves: Curve[] = [];
  const byTask = new Map<Task, SliceDef[]>();
  for (const def of slices) byTask.set(def.task, [...(byTask.get(def.task) ?? []), def]);
  for (const op of points) {
    const s = data.scores.get(op.detector)!;
    for (const def of byTask.get(op.task) ?? []) {
      const { metrics, curve } = measureSlice(def, data.samples, s, op, measure);
      results.push(metrics);
      if (def.kind === 'overall' || def.kind === 'family') curves.push({ detector: op.detector, slice: def.id, points: thin(curve, 200) });
    }
  }
  for (const { detector, tasks } of answeredTasks(data)) {
    if (!tasks.includes('spans')) continue;
    for (const def of byTask.get('spans') ?? []) results.push(measureSpansSlice(def, data.samples, data.scores.get(detector)!, detector, measure));
  }
  const run = data.run;
  return {
    schema: 'text-gauntlet/metrics@1',
    run: {
      id: run.id,
      createdAt: run.createdAt,
      toolVersion: run.toolVersion,
      command: run.command,
      suite: run.suite,
      datasetHash: run.datasetHash,
      detectors: (run.detectors ?? []).map(({ name, version, hash }) => ({ name, version, hash })),
    },
    settings: {
      threshold: o.threshold,
      errors: o.errors,
      bootstrap: { replicates: o.bootstrap, seed: o.seed, cluster: 'sourceId', interval: 'BCa 95%' },
      proportions: 'Wilson 95%',
      fprLevels: o.fprLevels,
    },
    operating: points.map(({ decisions: _decisions, ...rest }) => rest),
    slices: results,
    curves,
  };
}

/** Keeps at most `max` points of a curve, always the first and the last, for small charts. */
function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(points[Math.round(k * step)]);
  return out;
}
