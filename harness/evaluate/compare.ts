/**
 * Comparison of two runs on the same dataset: per slice, the difference
 * candidate (B) minus baseline (A) of every metric, with a paired bootstrap
 * BCa interval (both detectors on the same resampled documents), exact
 * McNemar p-values on decisions, Holm-adjusted over the family the
 * significant delta rules gate (else per metric over the slices), the
 * minimum detectable change of each paired test, and --fail-on rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveSeed } from '../../core/rng.js';
import { usageError } from '../../core/errors.js';
import type { Task, ThresholdPolicy } from '../../core/types.js';
import { answeredTasks, buildSlices, computeMetrics, operatingPoints, resolveOptions, type ErrorPolicy, type MetricsResult, type SliceDef } from './metrics.js';
import { isError, type OperatingPoint } from './operating.js';
import { sliceArrays, weightedCounts } from './measure.js';
import { sliceIdentity, type SliceIdentity } from './slices.js';
import { loadRun, type RunData } from '../store/run-data.js';
import { scoreFromCounts, spanCounts, type SpanCounts } from './spans-score.js';
import { discordantPairs, exactP, mcnemarExact, pairedBootstrapBca, rankingFromCounts, tieGroups } from './stats/index.js';
import { deltaPower, gateWarnings, pairedUnit } from './gate-power.js';
import { adjustHolm, deltaOf, type Delta } from './delta.js';

export { deltaPText, type Delta } from './delta.js';
import { assertRulesMatch, breaks, checkRules, fprLevelsFor, inScope, metricKey, SIGNIFICANCE, type Rule, type Violation } from './rules.js';
import { runRecordPath } from '../store/run-dir.js';

export interface CompareOptions {
  threshold?: ThresholdPolicy;
  errors?: ErrorPolicy;
  bootstrap?: number;
  seed?: string;
  rules?: Rule[];
  /** Detector pairs baseline=candidate; default: same names, or the only detector of each run. */
  pairs?: Array<[baseline: string, candidate: string]>;
}

export interface DeltaRow extends SliceIdentity {
  /** The candidate detector's name (rules filter on it). */
  detector: string;
  baselineDetector: string;
  /** Items in both runs' numbers. */
  n: number;
  metrics: Record<string, Delta>;
}

export interface Comparison {
  schema: 'text-gauntlet/compare@1';
  baseline: MetricsResult['run'];
  candidate: MetricsResult['run'];
  datasetHash: string;
  settings: { threshold: { baseline: ThresholdPolicy; candidate: ThresholdPolicy }; errors: ErrorPolicy; bootstrap: number; seed: string; interval: 'BCa 95%'; holm: string; significance: number };
  pairs: Array<{ baseline: string; candidate: string }>;
  rows: DeltaRow[];
  rules: string[];
  violations: Violation[];
  /** Delta rules some gated slice cannot detect (see gate-power.ts): for the console and the report. */
  warnings: string[];
}

/** Metric keys compared, in table order (TPR keys follow the FPR levels). */
export function metricKeys(levels: readonly number[]): string[] {
  return ['precision', 'recall', 'f1', 'fpr', 'ap', 'auc', ...levels.map((l) => `tpr@${l}`)];
}

/** Loads both runs and compares them; a usage error when their datasets differ. */
export async function compareRunDirs(baselineDir: string, candidateDir: string, options: CompareOptions = {}): Promise<Comparison> {
  // A baseline committed to a repository often lacks its dataset: the candidate's serves when the hashes agree.
  const b = await loadRun(candidateDir);
  const a = await loadRun(baselineDir, b.run.datasetHash === readRunHash(baselineDir) ? b.datasetDir : undefined);
  return compareRuns(a, b, options);
}

export function compareRuns(a: RunData, b: RunData, options: CompareOptions = {}): Comparison {
  if (a.run.datasetHash !== b.run.datasetHash) {
    throw usageError(`runs are on different datasets: ${a.run.id} has dataset ${a.run.datasetHash.slice(0, 16)}, ${b.run.id} has ${b.run.datasetHash.slice(0, 16)}; a comparison needs both runs on the same dataset (rebuild one from the other's suite)`);
  }
  if (a.samples.length !== b.samples.length || a.samples.some((s, i) => s.id !== b.samples[i].id)) {
    throw usageError(`runs ${a.run.id} and ${b.run.id} claim dataset ${a.run.datasetHash.slice(0, 16)} but their samples differ`);
  }
  const rules = options.rules ?? [];
  const fprLevels = fprLevelsFor(rules, [0.01, 0.05]);
  const oa = resolveOptions(a, { ...options, fprLevels });
  const ob = resolveOptions(b, { ...options, fprLevels });
  const pairs = pairDetectors(a, b, options.pairs);
  const keys = metricKeys(fprLevels);
  const pointsA = operatingPoints(a, oa.threshold);
  const pointsB = operatingPoints(b, ob.threshold);
  const slices = buildSlices(a.samples);
  const rows: DeltaRow[] = [];
  for (const [da, db] of pairs) {
    const tasksA = answeredTasks(a).find((x) => x.detector === da)?.tasks ?? [];
    const tasksB = new Set(answeredTasks(b).find((x) => x.detector === db)?.tasks ?? []);
    for (const task of tasksA.filter((t) => tasksB.has(t))) {
      if (task === 'spans') {
        for (const def of slices.filter((s) => s.task === task)) rows.push(compareSpansSlice(def, a, b, da, db, { errors: oa.errors, replicates: oa.bootstrap, seed: oa.seed }));
        continue;
      }
      const opA = pointsA.find((p) => p.detector === da && p.task === task)!;
      const opB = pointsB.find((p) => p.detector === db && p.task === task)!;
      for (const def of slices.filter((s) => s.task === task)) {
        rows.push(compareSlice(def, a, b, opA, opB, { errors: oa.errors, replicates: oa.bootstrap, seed: oa.seed, fprLevels, keys }));
      }
    }
  }
  const holmText = adjustHolm(rows, [...keys, ...SPAN_KEYS], rules);
  const candidateMetrics = computeMetrics(b, { ...options, fprLevels, bootstrap: 0 });
  const violations = [...checkRules(rules, candidateMetrics.slices), ...checkDeltaRules(rules, rows)];
  const warnings = gateWarnings(rules, rows, (row, key) => row.metrics[key]?.power ?? null);
  const runInfo = (r: RunData) => computeRunInfo(r);
  return {
    schema: 'text-gauntlet/compare@1',
    baseline: runInfo(a),
    candidate: runInfo(b),
    datasetHash: a.run.datasetHash,
    settings: { threshold: { baseline: oa.threshold, candidate: ob.threshold }, errors: oa.errors, bootstrap: oa.bootstrap, seed: oa.seed, interval: 'BCa 95%', holm: holmText, significance: SIGNIFICANCE },
    pairs: pairs.map(([baseline, candidate]) => ({ baseline, candidate })),
    rows,
    rules: rules.map((r) => r.text),
    violations,
    warnings,
  };
}

function computeRunInfo(r: RunData): MetricsResult['run'] {
  const { id, createdAt, toolVersion, command, suite, datasetHash } = r.run;
  return { id, createdAt, toolVersion, command, suite, datasetHash, detectors: (r.run.detectors ?? []).map(({ name, version, hash }) => ({ name, version, hash })) };
}

function readRunHash(runDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(runRecordPath(runDir), 'utf8')) as { datasetHash?: string }).datasetHash;
  } catch {
    return undefined;
  }
}

/** Pairs detectors: explicit pairs, else equal names, else the only detector of each run. */
export function pairDetectors(a: RunData, b: RunData, explicit?: Array<[string, string]>): Array<[string, string]> {
  const namesA = answeredTasks(a).map((x) => x.detector);
  const namesB = answeredTasks(b).map((x) => x.detector);
  if (explicit && explicit.length > 0) {
    for (const [x, y] of explicit) {
      if (!namesA.includes(x)) throw usageError(`--pair ${x}=${y}: run ${a.run.id} has no scores from "${x}" (it has ${namesA.join(', ') || 'none'})`);
      if (!namesB.includes(y)) throw usageError(`--pair ${x}=${y}: run ${b.run.id} has no scores from "${y}" (it has ${namesB.join(', ') || 'none'})`);
    }
    return explicit;
  }
  const common = namesA.filter((n) => namesB.includes(n));
  if (common.length > 0) return common.map((n) => [n, n]);
  if (namesA.length === 1 && namesB.length === 1) return [[namesA[0], namesB[0]]];
  throw usageError(`no detector to compare: ${a.run.id} has ${namesA.join(', ') || 'none'}, ${b.run.id} has ${namesB.join(', ') || 'none'}; name pairs with --pair baseline=candidate`);
}

interface SliceCompareOptions {
  errors: ErrorPolicy;
  replicates: number;
  seed: string;
  fprLevels: number[];
  keys: string[];
}

/** Deltas of every metric on one slice, both detectors on the same items. */
function compareSlice(def: SliceDef, a: RunData, b: RunData, opA: OperatingPoint, opB: OperatingPoint, o: SliceCompareOptions): DeltaRow {
  const sa = a.scores.get(opA.detector)!;
  const sb = b.scores.get(opB.detector)!;
  // Under `exclude`, an item either run lost is dropped from both, so the pairs stay pairs.
  const drop = o.errors === 'exclude' ? (i: number) => isError(sa, i) || isError(sb, i) : undefined;
  const x = sliceArrays(def, a.samples, sa, opA.decisions, o.errors, drop);
  const y = sliceArrays(def, b.samples, sb, opB.decisions, o.errors, drop);
  const ga = tieGroups(x.rank);
  const gb = tieGroups(y.rank);
  const n = x.labels.length;
  const decisionStats = (dec: Uint8Array | null, w: Uint32Array) => {
    if (!dec) return { precision: null, recall: null, f1: null, fpr: null };
    let tp = 0;
    let fp = 0;
    let pos = 0;
    let neg = 0;
    for (let k = 0; k < n; k++) {
      const weight = w[x.cluster[k]];
      if (weight === 0) continue;
      if (x.labels[k] === 1) {
        pos += weight;
        if (dec[k]) tp += weight;
      } else {
        neg += weight;
        if (dec[k]) fp += weight;
      }
    }
    const fn = pos - tp;
    return {
      precision: tp + fp === 0 ? 0 : tp / (tp + fp),
      recall: pos === 0 ? 0 : tp / pos,
      f1: tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
      fpr: neg === 0 ? null : fp / neg,
    };
  };
  const values = (w: Uint32Array): Array<number | null> => {
    const one = (groups: typeof ga, dec: Uint8Array | null) => {
      const r = rankingFromCounts(weightedCounts(groups, x.labels, x.cluster, w), o.fprLevels);
      const d = decisionStats(dec, w);
      return [d.precision, d.recall, d.f1, d.fpr, r.averagePrecision, r.rocAuc, ...r.tprAtFpr];
    };
    const va = one(ga, x.decisions);
    const vb = one(gb, y.decisions);
    return va.flatMap((v, k) => [v, vb[k]]);
  };
  const full = values(new Uint32Array(x.clusterCount).fill(1));
  const diffs = o.replicates > 0 && n > 0 ? pairedBootstrapBca(x.clusterCount, values, { replicates: o.replicates, seed: deriveSeed(o.seed, 'compare', opB.detector, def.id) }) : null;

  // McNemar on the items each decision metric is about; b + c also gives the observed discordance for the power.
  const mcnemar = (which: 'positives' | 'negatives' | 'all'): { p: number; discordant: number } | null => {
    if (!x.decisions || !y.decisions) return null;
    const correctA: number[] = [];
    const correctB: number[] = [];
    for (let k = 0; k < n; k++) {
      if (which === 'positives' && x.labels[k] !== 1) continue;
      if (which === 'negatives' && x.labels[k] !== 0) continue;
      correctA.push(x.decisions[k] === x.labels[k] ? 1 : 0);
      correctB.push(y.decisions[k] === x.labels[k] ? 1 : 0);
    }
    const { b: bb, c } = discordantPairs(correctA, correctB);
    return { p: mcnemarExact(bb, c), discordant: bb + c };
  };
  let positives = 0;
  for (let k = 0; k < n; k++) positives += x.labels[k];
  const units = { positives, negatives: n - positives };
  const decisionTest: Record<string, 'positives' | 'negatives' | 'all'> = { precision: 'all', recall: 'positives', f1: 'all', fpr: 'negatives' };
  const metrics: Record<string, Delta> = {};
  o.keys.forEach((key, k) => {
    const baseline = full[2 * k];
    const candidate = full[2 * k + 1];
    const delta = baseline === null || candidate === null ? null : candidate - baseline;
    const test = decisionTest[key] ? 'mcnemar' : 'bootstrap';
    const m = test === 'mcnemar' && delta !== null ? mcnemar(decisionTest[key]) : null;
    const unit = pairedUnit(key);
    // The power of TPR@FPR (a bootstrap test) is read as that of recall on the same positives, discordance assumed.
    const power = unit === null || delta === null ? null : deltaPower(units[unit], key.startsWith('tpr@') ? undefined : (m?.discordant ?? undefined));
    metrics[key] = deltaOf(baseline, candidate, delta, diffs?.[k], test, m ? exactP(m.p) : undefined, power);
  });
  return {
    detector: opB.detector,
    baselineDetector: opA.detector,
    ...sliceIdentity(def),
    n,
    metrics,
  };
}

/** Metric keys of spans-task rows. */
export const SPAN_KEYS = ['span_precision', 'span_recall', 'plagdet'];

/** Spans task: deltas of the PAN figures, paired bootstrap over source documents. */
function compareSpansSlice(def: SliceDef, a: RunData, b: RunData, da: string, db: string, o: { errors: ErrorPolicy; replicates: number; seed: string }): DeltaRow {
  const sa = a.scores.get(da)!;
  const sb = b.scores.get(db)!;
  const ca: SpanCounts[] = [];
  const cb: SpanCounts[] = [];
  const cluster: number[] = [];
  const clusters = new Map<string, number>();
  for (const i of def.members) {
    const fa = isError(sa, i);
    const fb = isError(sb, i);
    if (o.errors === 'exclude' && (fa || fb)) continue;
    const truth = a.samples[i].truth ?? [];
    ca.push(spanCounts(truth, fa ? [] : (sa.spans.get(i) ?? [])));
    cb.push(spanCounts(truth, fb ? [] : (sb.spans.get(i) ?? [])));
    let c = clusters.get(a.samples[i].sourceId);
    if (c === undefined) clusters.set(a.samples[i].sourceId, (c = clusters.size));
    cluster.push(c);
  }
  const figures = (counts: SpanCounts[], w: Uint32Array) => {
    const sum: SpanCounts = { truthChars: 0, detectedChars: 0, overlapChars: 0, detectedCases: 0, detectionsPerCase: 0 };
    counts.forEach((c, k) => {
      const weight = w[cluster[k]];
      for (const f of Object.keys(sum) as Array<keyof SpanCounts>) sum[f] += weight * c[f];
    });
    const r = scoreFromCounts(sum);
    return [r.precision, r.recall, r.plagdet];
  };
  const values = (w: Uint32Array) => {
    const x = figures(ca, w);
    const y = figures(cb, w);
    return x.flatMap((v, k) => [v, y[k]]);
  };
  const n = ca.length;
  const full = values(new Uint32Array(clusters.size).fill(1));
  const diffs = o.replicates > 0 && n > 0 ? pairedBootstrapBca(clusters.size, values, { replicates: o.replicates, seed: deriveSeed(o.seed, 'compare', db, def.id) }) : null;
  const metrics: Record<string, Delta> = {};
  SPAN_KEYS.forEach((key, k) => {
    const delta = n === 0 ? null : full[2 * k + 1] - full[2 * k];
    metrics[key] = deltaOf(n === 0 ? null : full[2 * k], n === 0 ? null : full[2 * k + 1], delta, diffs?.[k], 'bootstrap', undefined, null);
  });
  return { detector: db, baselineDetector: da, slice: def.id, task: def.task, kind: def.kind, generator: def.generator, intensity: def.intensity, family: def.family, factType: def.factType, n, metrics };
}

/** Delta rules: a row breaks one when its delta crosses the bound (and, with `significant`, its Holm-adjusted p < 0.05). */
export function checkDeltaRules(rules: readonly Rule[], rows: readonly DeltaRow[]): Violation[] {
  assertRulesMatch(rules.filter((r) => r.delta), rows);
  const out: Violation[] = [];
  for (const rule of rules) {
    if (!rule.delta) continue;
    const key = metricKey(rule.metric);
    for (const row of rows) {
      if (!inScope(rule, row)) continue;
      const d = row.metrics[key];
      if (!d || d.delta === null) continue;
      if (!breaks(rule.op, d.delta, rule.value)) continue;
      if (rule.significant && !d.significant) continue;
      out.push({ rule: rule.text, detector: row.detector, slice: row.slice, actual: d.delta, pValue: d.pHolm, pAtFloor: d.pHolmAtFloor });
    }
  }
  return out;
}
