/**
 * The shapes of one slice's figures, in a file of their own so that the
 * binary measure (measure.ts) and the spans measure (span-metrics.ts) share
 * them without importing each other.
 */
import type { ErrorPolicy } from './operating.js';
import type { BcaMethod } from './stats/index.js';
import type { ResamplingChoice } from './stats/cell-bootstrap.js';
import type { SliceIdentity } from './slices.js';

/** A value with its 95% interval; all null where the metric is undefined. */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
  /**
   * Bootstrap estimates only: 'bca', or why not ('percentile-fallback',
   * 'constant', 'none'; see stats/bca.ts). Absent on Wilson intervals.
   */
  method?: BcaMethod;
  /** Why the method is not 'bca' (or what was skipped); absent when there is nothing to say. */
  note?: string;
}

/** Every number of one detector on one slice. */
export interface SliceMetrics extends SliceIdentity {
  detector: string;
  /** Items counted (after the error policy). */
  n: number;
  positives: number;
  /** All negatives of the slice: pooled plus attacked. */
  negatives: number;
  /** Negatives made with this slice's attack (role `negative`). */
  attackedNegatives: number;
  /** Members that ended in an error or got no answer (counted whatever the policy). */
  errors: number;
  /** Distinct source documents: the bootstrap's clusters. */
  sources: number;
  threshold: number | null;
  /** Wilson intervals; zero_division=0 (no flagged item: precision 0; no positive: recall 0). */
  precision: Estimate;
  recall: Estimate;
  /** Clustered BCa bootstrap interval. */
  f1: Estimate;
  /** FPR at the operating threshold on all the slice's negatives (Wilson); null without negatives. */
  fpr: Estimate;
  /** FPR on the attacked negatives only (Wilson); null when the slice has none. */
  attackedFpr: Estimate | null;
  /** Clustered BCa bootstrap intervals. */
  averagePrecision: Estimate;
  rocAuc: Estimate;
  /** Keyed by FPR level, e.g. "0.01". */
  tprAtFpr: Record<string, Estimate>;
  /**
   * Present when the bootstrap of this slice did not draw clusters one by one:
   * 'cluster-types' (a large slice whose clusters fall in few distinct
   * totals: multinomial draws over those, same distribution), with why.
   */
  resampling?: ResamplingChoice;
  /** Spans task only: PAN-style character figures (the binary metrics above are then null). */
  spans?: SpanMetrics;
}

/** How a slice is measured: error policy, bootstrap size and seed, the FPR levels for TPR@FPR. */
export interface MeasureOptions {
  errors: ErrorPolicy;
  /** Bootstrap replicates; 0 skips the bootstrap (point values only for F1, AP, AUC, TPR). */
  replicates: number;
  seed: string;
  fprLevels: readonly number[];
}

/** PAN-style span figures of one slice, micro-averaged over its samples (spans-score.ts). */
export interface SpanMetrics {
  /** Samples scored (after the error policy). */
  samples: number;
  precision: Estimate;
  recall: Estimate;
  granularity: Estimate;
  plagdet: Estimate;
}
