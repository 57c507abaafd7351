import { deriveSeed } from '../../core/rng.js';
import type { DetectorScores, SampleInfo } from '../store/run-data.js';
import { scoreFromCounts, spanCounts, type SpanCounts } from './spans-score.js';
import { clusterBootstrapBca } from './stats/index.js';
import { clusterSums, weightedSum } from './stats/cluster-cells.js';
import { bcaEstimate } from './estimate.js';
import type { Estimate, MeasureOptions, SliceMetrics } from './slice-metrics.js';
import { isError } from './operating.js';
import { sliceIdentity, type SliceDef } from './slices.js';

export type { SpanMetrics } from './slice-metrics.js';

const none: Estimate = { value: null, low: null, high: null };

/**
 * Measures the spans task on one slice: character precision, recall,
 * granularity and plagdet, with BCa bootstrap intervals over source
 * documents. An errored sample detects nothing under `miss`, and is left
 * out under `exclude`.
 */
export function measureSpansSlice(def: SliceDef, samples: readonly SampleInfo[], s: DetectorScores, detector: string, options: MeasureOptions): SliceMetrics {
  const counts: SpanCounts[] = [];
  const cluster: number[] = [];
  const clusters = new Map<string, number>();
  let errors = 0;
  for (const i of def.members) {
    const failed = isError(s, i);
    if (failed) errors++;
    if (failed && options.errors === 'exclude') continue;
    counts.push(spanCounts(samples[i].truth ?? [], failed ? [] : (s.spans.get(i) ?? [])));
    const id = samples[i].sourceId;
    let c = clusters.get(id);
    if (c === undefined) clusters.set(id, (c = clusters.size));
    cluster.push(c);
  }
  const total = (w?: Uint32Array): SpanCounts => {
    const sum: SpanCounts = { truthChars: 0, detectedChars: 0, overlapChars: 0, detectedCases: 0, detectionsPerCase: 0 };
    counts.forEach((c, k) => {
      const weight = w ? w[cluster[k]] : 1;
      if (weight === 0) return;
      sum.truthChars += weight * c.truthChars;
      sum.detectedChars += weight * c.detectedChars;
      sum.overlapChars += weight * c.overlapChars;
      sum.detectedCases += weight * c.detectedCases;
      sum.detectionsPerCase += weight * c.detectionsPerCase;
    });
    return sum;
  };
  const point = scoreFromCounts(total());
  // Per-document sums, so a resample costs O(documents) and a leave-one-out
  // value O(1) (whole character counts: the sums are exact, the values unchanged).
  const fields = ['truthChars', 'detectedChars', 'overlapChars', 'detectedCases', 'detectionsPerCase'] as const;
  const sums = fields.map((f) => clusterSums(counts.map((c) => c[f]), cluster, clusters.size));
  const figures = (sum: (k: number) => number): Array<number | null> => {
    const r = scoreFromCounts({ truthChars: sum(0), detectedChars: sum(1), overlapChars: sum(2), detectedCases: sum(3), detectionsPerCase: sum(4) });
    return [r.precision, r.recall, r.granularity, r.plagdet];
  };
  const ones = new Uint32Array(clusters.size).fill(1);
  const full = sums.map((x) => weightedSum(x, ones));
  const intervals =
    options.replicates > 0 && counts.length > 0
      ? clusterBootstrapBca(
          clusters.size,
          (w) => figures((k) => weightedSum(sums[k], w)),
          { replicates: options.replicates, seed: deriveSeed(options.seed, detector, def.id, 'spans') },
          (j) => figures((k) => full[k] - sums[k][j]),
        )
      : [];
  const est = (value: number, k: number): Estimate => (counts.length === 0 ? none : bcaEstimate(value, intervals[k]));
  const tprAtFpr: Record<string, Estimate> = {};
  for (const level of options.fprLevels) tprAtFpr[String(level)] = none;
  return {
    detector,
    ...sliceIdentity(def),
    n: counts.length,
    positives: counts.length,
    negatives: 0,
    attackedNegatives: 0,
    errors,
    sources: clusters.size,
    threshold: null,
    precision: none,
    recall: none,
    f1: none,
    fpr: none,
    attackedFpr: null,
    averagePrecision: none,
    rocAuc: none,
    tprAtFpr,
    spans: {
      samples: counts.length,
      precision: est(point.precision, 0),
      recall: est(point.recall, 1),
      granularity: est(point.granularity, 2),
      plagdet: est(point.plagdet, 3),
    },
  };
}
