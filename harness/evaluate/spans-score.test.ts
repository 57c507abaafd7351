import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Span } from '../../core/types.js';
import { packageRoot } from '../../core/version.js';
import { aggregateSpanScores, plagdet, scoreSpans, SpanScoreAccumulator } from './spans-score.js';

const golden = JSON.parse(readFileSync(join(packageRoot(), '..', 'shared', 'golden', 'metrics.json'), 'utf8')) as {
  plagdet: Array<{ precision: number; recall: number; granularity: number; plagdet: number }>;
};

/** The definitions, character by character, to check the interval arithmetic against. */
function bruteForce(truth: readonly Span[], detected: readonly Span[]) {
  const t = new Set<number>();
  const d = new Set<number>();
  for (const [a, b] of truth) for (let i = a; i < b; i++) t.add(i);
  for (const [a, b] of detected) for (let i = a; i < b; i++) d.add(i);
  const both = [...t].filter((i) => d.has(i)).length;
  const hitCounts = truth.filter(([a, b]) => b > a).map(([a, b]) => detected.filter(([c, e]) => e > c && c < b && a < e).length).filter((n) => n > 0);
  return {
    precision: d.size === 0 ? 0 : both / d.size,
    recall: t.size === 0 ? 0 : both / t.size,
    granularity: hitCounts.length === 0 ? 1 : hitCounts.reduce((x, y) => x + y, 0) / hitCounts.length,
  };
}

describe('plagdet', () => {
  it('matches the golden cases to 1e-9', () => {
    expect(golden.plagdet.length).toBeGreaterThan(0);
    for (const c of golden.plagdet) expect(Math.abs(plagdet(c.precision, c.recall, c.granularity) - c.plagdet)).toBeLessThan(1e-9);
  });
});

describe('scoreSpans on hand-made span sets', () => {
  it('scores an exact hit as perfect', () => {
    expect(scoreSpans([[2, 6]], [[2, 6]])).toEqual({ precision: 1, recall: 1, granularity: 1, plagdet: 1 });
  });

  it('counts characters: half the detection outside, half the truth missed', () => {
    const s = scoreSpans([[0, 10]], [[5, 15]]);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBe(0.5);
    expect(s.granularity).toBe(1);
    expect(s.plagdet).toBeCloseTo(0.5, 12);
  });

  it('penalizes a case found in two pieces by granularity 2', () => {
    const s = scoreSpans([[0, 10]], [[0, 5], [5, 10]]);
    expect(s).toMatchObject({ precision: 1, recall: 1, granularity: 2 });
    expect(s.plagdet).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('averages granularity over the detected cases only', () => {
    // Case [0,4) hit by 3 detections, case [10,14) by 1, case [20,24) by none.
    const s = scoreSpans([[0, 4], [10, 14], [20, 24]], [[0, 1], [1, 2], [3, 4], [10, 14]]);
    expect(s.granularity).toBe(2);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(7 / 12);
  });

  it('counts overlapping detections once and ignores empty spans', () => {
    const s = scoreSpans([[0, 4], [6, 6]], [[0, 3], [1, 4], [8, 8]]);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(1);
    expect(s.granularity).toBe(2);
  });

  it('gives zeros when nothing is detected or nothing is true', () => {
    expect(scoreSpans([[0, 4]], [])).toEqual({ precision: 0, recall: 0, granularity: 1, plagdet: 0 });
    expect(scoreSpans([], [[0, 4]])).toEqual({ precision: 0, recall: 0, granularity: 1, plagdet: 0 });
  });

  it('agrees with a character-by-character count on random span sets', () => {
    const span = fc.tuple(fc.nat(60), fc.nat(12)).map(([a, n]) => [a, a + n] as Span);
    fc.assert(
      fc.property(fc.array(span, { maxLength: 8 }), fc.array(span, { maxLength: 8 }), (truth, detected) => {
        // True cases are edits: they never overlap one another.
        const cases = truth.sort((x, y) => x[0] - y[0]).filter((s, i, all) => all.slice(0, i).every((p) => p[1] <= s[0]));
        const got = scoreSpans(cases, detected);
        const want = bruteForce(cases, detected);
        expect(got.precision).toBeCloseTo(want.precision, 12);
        expect(got.recall).toBeCloseTo(want.recall, 12);
        expect(got.granularity).toBeCloseTo(want.granularity, 12);
      }),
      { numRuns: 300 },
    );
  });
});

describe('micro-averaged aggregate', () => {
  it('sums characters over samples before dividing, not a mean of per-sample scores', () => {
    const samples = [
      { truth: [[0, 10]] as Span[], detected: [[0, 10]] as Span[] },
      { truth: [[0, 90]] as Span[], detected: [[0, 30]] as Span[] },
    ];
    const s = aggregateSpanScores(samples);
    expect(s.recall).toBeCloseTo(40 / 100, 12);
    expect(s.precision).toBe(1);
    expect(s.granularity).toBe(1);
    const acc = new SpanScoreAccumulator();
    for (const x of samples) acc.add(x.truth, x.detected);
    expect(acc.score()).toEqual(s);
    expect(acc.samples).toBe(2);
  });

  it('averages granularity over the detected cases of all samples', () => {
    const s = aggregateSpanScores([
      { truth: [[0, 4]], detected: [[0, 2], [2, 4]] },
      { truth: [[0, 4], [5, 9]], detected: [[0, 4], [5, 9]] },
      { truth: [[0, 4]], detected: [] },
    ]);
    expect(s.granularity).toBeCloseTo(4 / 3, 12);
  });
});
