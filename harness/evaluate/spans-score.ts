import type { Span } from '../../core/types.js';

/**
 * PAN-style scoring of span detections (Potthast et al., 2010, "An
 * Evaluation Framework for Plagiarism Detection"), at the character level.
 * A "character" is a Unicode code point, as in every span of this project.
 *
 * For one sample, with S the true cases (the edits' output spans) and R the
 * detected spans, and |X| the number of characters covered by the union of
 * the spans in X:
 * - precision   = |∪R ∩ ∪S| / |∪R|   (0 when nothing is detected)
 * - recall      = |∪S ∩ ∪R| / |∪S|   (0 when there is nothing to find)
 * - granularity = mean, over the true cases hit by at least one detection,
 *                 of the number of detections that hit it (1 when none is hit)
 * - plagdet     = F1 / log2(1 + granularity), F1 the harmonic mean of
 *                 precision and recall (0 when both are 0)
 *
 * Over many samples the figures are micro-averaged, as PAN does over its
 * cases: character counts are summed over all samples before dividing,
 * and granularity averages over all detected cases of all samples.
 *
 * Empty and inverted spans cover no character and are ignored (a pure
 * deletion leaves nothing in the candidate to point at). Detections may
 * overlap one another; their union counts each character once.
 */
export interface SpanScore {
  precision: number;
  recall: number;
  granularity: number;
  plagdet: number;
}

/** The sums a score is made of; add them up to micro-average over samples. */
export interface SpanCounts {
  /** Characters covered by the true spans. */
  truthChars: number;
  /** Characters covered by the detected spans. */
  detectedChars: number;
  /** Characters covered by both. */
  overlapChars: number;
  /** True cases hit by at least one detection. */
  detectedCases: number;
  /** Sum over those cases of the detections hitting each. */
  detectionsPerCase: number;
}

/** plagdet = F1 / log2(1 + granularity). */
export function plagdet(precision: number, recall: number, granularity: number): number {
  if (precision + recall === 0) return 0;
  const f1 = (2 * precision * recall) / (precision + recall);
  return f1 / Math.log2(1 + granularity);
}

/** The counts of one sample. */
export function spanCounts(truth: readonly Span[], detected: readonly Span[]): SpanCounts {
  const cases = truth.filter(nonEmpty);
  const detections = detected.filter(nonEmpty);
  const truthUnion = union(cases);
  const detectedUnion = union(detections);
  let detectedCases = 0;
  let detectionsPerCase = 0;
  for (const s of cases) {
    let hits = 0;
    for (const r of detections) if (r[0] < s[1] && s[0] < r[1]) hits++;
    if (hits > 0) {
      detectedCases++;
      detectionsPerCase += hits;
    }
  }
  return {
    truthChars: covered(truthUnion),
    detectedChars: covered(detectedUnion),
    overlapChars: intersection(truthUnion, detectedUnion),
    detectedCases,
    detectionsPerCase,
  };
}

/** Turns (summed) counts into the four figures. */
export function scoreFromCounts(c: SpanCounts): SpanScore {
  const precision = c.detectedChars === 0 ? 0 : c.overlapChars / c.detectedChars;
  const recall = c.truthChars === 0 ? 0 : c.overlapChars / c.truthChars;
  const granularity = c.detectedCases === 0 ? 1 : c.detectionsPerCase / c.detectedCases;
  return { precision, recall, granularity, plagdet: plagdet(precision, recall, granularity) };
}

/** Scores one sample's detected spans against its true spans. */
export function scoreSpans(truth: readonly Span[], detected: readonly Span[]): SpanScore {
  return scoreFromCounts(spanCounts(truth, detected));
}

/** Micro-averages over samples: feed each sample with `add`, read `score()` at any time. */
export class SpanScoreAccumulator {
  private readonly sum: SpanCounts = { truthChars: 0, detectedChars: 0, overlapChars: 0, detectedCases: 0, detectionsPerCase: 0 };
  /** Samples added. */
  samples = 0;

  add(truth: readonly Span[], detected: readonly Span[]): this {
    return this.addCounts(spanCounts(truth, detected));
  }

  addCounts(c: SpanCounts): this {
    this.sum.truthChars += c.truthChars;
    this.sum.detectedChars += c.detectedChars;
    this.sum.overlapChars += c.overlapChars;
    this.sum.detectedCases += c.detectedCases;
    this.sum.detectionsPerCase += c.detectionsPerCase;
    this.samples++;
    return this;
  }

  counts(): SpanCounts {
    return { ...this.sum };
  }

  score(): SpanScore {
    return scoreFromCounts(this.sum);
  }
}

/** Micro-averaged score over many samples. */
export function aggregateSpanScores(samples: Iterable<{ truth: readonly Span[]; detected: readonly Span[] }>): SpanScore {
  const acc = new SpanScoreAccumulator();
  for (const s of samples) acc.add(s.truth, s.detected);
  return acc.score();
}

function nonEmpty(s: Span): boolean {
  return s[1] > s[0];
}

/** Sorted, disjoint, non-touching spans covering the same characters. */
function union(spans: readonly Span[]): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

function covered(spans: ReadonlyArray<readonly [number, number]>): number {
  let n = 0;
  for (const [start, end] of spans) n += end - start;
  return n;
}

/** Characters in both of two sorted disjoint span lists. */
function intersection(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (hi > lo) n += hi - lo;
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return n;
}
