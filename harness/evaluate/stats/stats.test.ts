import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atThreshold, clusterBootstrap, countsByScore, groupCounts, mcnemarExact, nextUp, pairedBootstrap, rankingMetrics, thresholdForFpr, thresholdFromCounts, tieGroups, wilson } from './index.js';

/** Scores with many ties (small integer grid) and their labels. */
const labelled = fc
  .array(fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 60 })
  .map((rows) => ({ scores: rows.map(([s]) => s / 2), labels: rows.map(([, l]) => l) }));

/** Brute-force oracles, written the slow obvious way. */
function pairwiseAuc(scores: number[], labels: number[]): number | null {
  let wins = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((sn, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}
function thresholdsDescending(scores: number[]): number[] {
  return [...new Set(scores)].sort((a, b) => b - a);
}
function bruteAp(scores: number[], labels: number[]): number | null {
  const positives = labels.filter((l) => l === 1).length;
  if (positives === 0) return null;
  let previousRecall = 0;
  let ap = 0;
  for (const t of thresholdsDescending(scores)) {
    const tp = scores.filter((s, i) => s >= t && labels[i] === 1).length;
    const flagged = scores.filter((s) => s >= t).length;
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / flagged);
    previousRecall = recall;
  }
  return ap;
}
function bruteTpr(scores: number[], labels: number[], alpha: number): number | null {
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let best = 0;
  for (const t of thresholdsDescending(scores)) {
    const fpr = scores.filter((s, i) => s >= t && labels[i] === 0).length / negatives;
    const tpr = scores.filter((s, i) => s >= t && labels[i] === 1).length / positives;
    if (fpr <= alpha) best = Math.max(best, tpr);
  }
  return best;
}
const near = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-12);

describe('ranking metrics', () => {
  it('agree with brute-force AP, pairwise AUC (ties half) and TPR at FPR', () => {
    fc.assert(
      fc.property(labelled, fc.constantFrom(0, 0.01, 0.05, 0.1, 0.3, 1), ({ scores, labels }, alpha) => {
        const m = rankingMetrics(scores, labels, [alpha]);
        expect(near(m.averagePrecision, bruteAp(scores, labels))).toBe(true);
        expect(near(m.rocAuc, pairwiseAuc(scores, labels))).toBe(true);
        expect(near(m.tprAtFpr[0], bruteTpr(scores, labels, alpha))).toBe(true);
      }),
    );
  });

  it('depend only on the order of scores (logits and probabilities agree)', () => {
    fc.assert(
      fc.property(labelled, ({ scores, labels }) => {
        const probabilities = scores.map((s) => 1 / (1 + Math.exp(-s)));
        expect(rankingMetrics(probabilities, labels, [0.05])).toEqual(rankingMetrics(scores, labels, [0.05]));
      }),
    );
  });

  it('rank -Infinity last and reject NaN', () => {
    expect(rankingMetrics([-Infinity, 0.2], [1, 0]).rocAuc).toBe(0);
    expect(() => rankingMetrics([Number.NaN, 0.2], [1, 0])).toThrow(/NaN/);
    expect(() => rankingMetrics([0.1], [1, 0])).toThrow(/length/);
  });
});

describe('countsByScore and thresholdFromCounts (the fast paths)', () => {
  it('equal the per-item versions', () => {
    fc.assert(
      fc.property(labelled, fc.constantFrom(0, 0.05, 0.29, 1), ({ scores, labels }, target) => {
        const fast = countsByScore(scores, labels);
        const groups = tieGroups(scores);
        expect(fast.values).toEqual(groups.values);
        expect(fast).toMatchObject(groupCounts(groups, labels));
        const negatives = scores.filter((_, i) => labels[i] === 0);
        if (negatives.length > 0) expect(thresholdFromCounts(fast.values, fast.neg, target)).toEqual(thresholdForFpr(negatives, target));
        else expect(() => thresholdFromCounts(fast.values, fast.neg, target)).toThrow(/no negatives/);
      }),
    );
  });
});

describe('thresholdForFpr', () => {
  const negativesAndTarget = fc.tuple(
    fc.array(fc.integer({ min: -5, max: 5 }).map((x) => x * 1.5), { minLength: 1, maxLength: 80 }),
    fc.constantFrom(0, 0.01, 0.05, 0.1, 0.29, 0.5, 1),
  );

  it('reaches FPR <= target, and the next lower tie block would exceed it', () => {
    fc.assert(
      fc.property(negativesAndTarget, ([negatives, target]) => {
        const c = thresholdForFpr(negatives, target);
        const flagged = negatives.filter((s) => s >= c.threshold).length;
        expect(c.falsePositives).toBe(flagged);
        expect(c.fprReached).toBe(flagged / negatives.length);
        expect(c.fprReached).toBeLessThanOrEqual(target);
        const below = negatives.filter((s) => s < c.threshold);
        if (below.length > 0) {
          const next = Math.max(...below);
          expect(negatives.filter((s) => s >= next).length / negatives.length).toBeGreaterThan(target);
        }
      }),
    );
  });

  it('calibrated on a set\'s own negatives, recall equals the TPR at that FPR', () => {
    fc.assert(
      fc.property(labelled, fc.constantFrom(0, 0.05, 0.1, 0.5), ({ scores, labels }, target) => {
        const negatives = scores.filter((_, i) => labels[i] === 0);
        fc.pre(negatives.length > 0 && negatives.length < scores.length);
        const { threshold } = thresholdForFpr(negatives, target);
        expect(atThreshold(scores, labels, threshold).recall).toBe(rankingMetrics(scores, labels, [target]).tprAtFpr[0]);
      }),
    );
  });

  it('works on unbounded logits and heavy ties', () => {
    const negatives = [...Array(95).fill(-1e6), 3e9, 3e9, 3e9, 3e9, 3e9];
    expect(thresholdForFpr(negatives, 0.05)).toEqual({ threshold: nextUp(-1e6), fprReached: 0.05, falsePositives: 5, negatives: 100 });
    // 6 tied at the top: any threshold admitting one admits all six (6% > 5%).
    const tied = [...Array(94).fill(0), ...Array(6).fill(7)];
    expect(thresholdForFpr(tied, 0.05)).toMatchObject({ threshold: nextUp(7), fprReached: 0 });
    expect(thresholdForFpr([1, 2, 3], 1).threshold).toBe(-Infinity);
  });

  it('rejects non-finite scores, empty sets and bad targets', () => {
    expect(() => thresholdForFpr([0.1, Number.NaN], 0.05)).toThrow(/NaN.*errors/);
    expect(() => thresholdForFpr([0.1, Infinity], 0.05)).toThrow(/Infinity/);
    expect(() => thresholdForFpr([], 0.05)).toThrow(/no negatives/);
    expect(() => thresholdForFpr([1], 1.5)).toThrow(/target/);
  });

  it('nextUp returns the adjacent double', () => {
    for (const x of [-3.5, -Number.MIN_VALUE, 0, 1e-300, 0.1, 1, 1e300]) {
      const up = nextUp(x);
      expect(up).toBeGreaterThan(x);
      expect((x + up) / 2 === x || (x + up) / 2 === up).toBe(true);
    }
  });
});

describe('mcnemarExact', () => {
  /** Exact tail with big integers, for moderate n. */
  function bigTail(b: number, c: number): number {
    const n = b + c;
    if (n === 0) return 1;
    let choose = 1n;
    let tail = 0n;
    for (let k = 0; k <= Math.min(b, c); k++) {
      tail += choose;
      choose = (choose * BigInt(n - k)) / BigInt(k + 1);
    }
    return Math.min(1, (2 * Number(tail)) / 2 ** n);
  }

  it('equals the exact binomial tail', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (b, c) => {
        expect(Math.abs(mcnemarExact(b, c) - bigTail(b, c))).toBeLessThan(1e-12);
      }),
    );
  });

  it('stays finite and tiny for large, lopsided counts', () => {
    const p = mcnemarExact(60_000, 50_000);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-100);
    expect(mcnemarExact(50_000, 50_000)).toBe(1);
    expect(() => mcnemarExact(-1, 2)).toThrow();
  });
});

describe('wilson', () => {
  it('holds the observed proportion inside [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (trials, share) => {
        const successes = Math.round(share * trials);
        const { low, high } = wilson(successes, trials);
        expect(low!).toBeGreaterThanOrEqual(0);
        expect(high!).toBeLessThanOrEqual(1);
        expect(low!).toBeLessThanOrEqual(successes / trials + 1e-12);
        expect(high!).toBeGreaterThanOrEqual(successes / trials - 1e-12);
      }),
    );
  });
  it('is null for zero trials and rejects impossible counts', () => {
    expect(wilson(0, 0)).toEqual({ low: null, high: null });
    expect(() => wilson(5, 4)).toThrow();
  });
});

describe('clusterBootstrap', () => {
  const values = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.05, 0.6];
  const mean = (w: Uint32Array) => {
    let s = 0;
    let n = 0;
    w.forEach((k, i) => {
      s += k * values[i];
      n += k;
    });
    return [s / n];
  };

  it('is reproducible from its seed, and the seed matters', () => {
    const a = clusterBootstrap(values.length, mean, { replicates: 200, seed: 's1' });
    expect(clusterBootstrap(values.length, mean, { replicates: 200, seed: 's1' })).toEqual(a);
    expect(clusterBootstrap(values.length, mean, { replicates: 200, seed: 's2' })).not.toEqual(a);
  });

  it('draws as many clusters as there are, and brackets the estimate', () => {
    const totals = new Set<number>();
    const [interval] = clusterBootstrap(values.length, (w) => {
      totals.add(w.reduce((x, y) => x + y, 0));
      return mean(w);
    }, { replicates: 300, seed: 'x' });
    expect([...totals]).toEqual([values.length]);
    const estimate = values.reduce((x, y) => x + y) / values.length;
    expect(interval.low!).toBeLessThan(estimate);
    expect(interval.high!).toBeGreaterThan(estimate);
    expect(interval.valid).toBe(300);
  });

  it('skips replicates where the statistic is undefined', () => {
    const [interval] = clusterBootstrap(4, (w) => [w[0] === 0 ? null : w[0]], { replicates: 400, seed: 'x' });
    expect(interval.valid).toBeLessThan(400);
    expect(interval.valid).toBeGreaterThan(0);
    expect(interval.low!).toBeGreaterThanOrEqual(1);
  });

  it('paired: a detector against itself differs by exactly 0 with p = 1', () => {
    const [d] = pairedBootstrap(values.length, (w) => [mean(w)[0], mean(w)[0]], [0.4, 0.4], { replicates: 100, seed: 'p' });
    expect(d).toMatchObject({ delta: 0, low: 0, high: 0, pValue: 1 });
  });
});
