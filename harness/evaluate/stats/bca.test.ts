import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bcaFromReplicates, bcaOnResamples, clusterBootstrapBca, pairedBootstrapBca } from './bca.js';
import { clusterBootstrap, clusterResampleIndices, clusterResamples, weightsFromIndices } from './intervals.js';
import { groupCounts, rankingFromCounts, tieGroups } from './ranking.js';
import { bcaInputCases, type ClusteredCase } from './fixtures/bca-input.js';

interface GoldenInterval { name: string; low: number; high: number; estimate: number; z0: number; acceleration: number; levels: [number, number] }
interface Unclustered extends GoldenInterval { kind: 'mean' | 'paired-difference'; data: number[][]; seed: number; replicates: number; indices: number[][] }
interface Clustered extends GoldenInterval { valid: number; undefinedReplicates: number }
const golden = JSON.parse(readFileSync(new URL('./fixtures/golden-bca.json', import.meta.url), 'utf8')) as { unclustered: Unclustered[]; clustered: Clustered[] };
const input = JSON.parse(readFileSync(new URL('./fixtures/bca-input.json', import.meta.url), 'utf8')) as { cases: ClusteredCase[] };

const TOL = 1e-6;
const close = (actual: number | null, expected: number, what: string) => {
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOL);
};

/** The statistic of a clustered golden case from cluster weights (definitions of ranking.ts). */
function caseStatistic(c: ClusteredCase): (w: Uint32Array) => Array<number | null> {
  const itemWeights = (w: Uint32Array) => c.cluster.map((k) => w[k]);
  const groups = tieGroups(c.scores);
  const groupsB = c.scoresB ? tieGroups(c.scoresB) : null;
  return (w) => {
    const iw = itemWeights(w);
    if (c.statistic === 'recall') {
      let pos = 0;
      let tp = 0;
      iw.forEach((x, i) => {
        pos += x;
        if (c.scores[i] === 1) tp += x;
      });
      return [pos > 0 ? tp / pos : null];
    }
    const r = rankingFromCounts(groupCounts(groups, c.labels, iw));
    if (c.statistic === 'auc') return [r.rocAuc];
    if (c.statistic === 'ap') return [r.averagePrecision];
    const rb = rankingFromCounts(groupCounts(groupsB!, c.labels, iw));
    return [r.rocAuc === null || rb.rocAuc === null ? null : rb.rocAuc - r.rocAuc];
  };
}

describe('BCa against SciPy (fixtures/golden-bca.json, scripts/golden-stats.py)', () => {
  it('the committed input is what our generator draws (same data, same resamples)', () => {
    expect(JSON.parse(JSON.stringify(bcaInputCases()))).toEqual(input.cases);
  });

  for (const u of golden.unclustered) {
    it(`unclustered ${u.name}: equals scipy.stats.bootstrap(method='BCa') on its own resamples`, () => {
      const n = u.data[0].length;
      const [x, y] = u.data;
      const statistic = (w: Uint32Array): number[] => {
        let total = 0;
        let sx = 0;
        let sy = 0;
        for (let i = 0; i < n; i++) {
          total += w[i];
          sx += w[i] * x[i];
          if (y) sy += w[i] * y[i];
        }
        return [u.kind === 'mean' ? sx / total : sy / total - sx / total];
      };
      const [r] = bcaOnResamples(n, statistic, u.indices.map((row) => weightsFromIndices(n, row)));
      expect(r.method).toBe('bca');
      close(r.estimate, u.estimate, 'estimate');
      close(r.z0, u.z0, 'z0');
      close(r.acceleration, u.acceleration, 'acceleration');
      close(r.levels![0], u.levels[0], 'alpha_1');
      close(r.levels![1], u.levels[1], 'alpha_2');
      close(r.low, u.low, 'low');
      close(r.high, u.high, 'high');
    });
  }

  for (const c of input.cases) {
    it(`clustered ${c.name}: clusterBootstrapBca(seed) equals scipy's BCa formula on the same cluster resamples`, () => {
      const g = golden.clustered.find((x) => x.name === c.name)!;
      expect(g, c.name).toBeDefined();
      const [r] = clusterBootstrapBca(c.clusterCount, caseStatistic(c), { replicates: c.replicates, seed: c.seed });
      expect(r.method).toBe('bca');
      expect(r.valid).toBe(g.valid);
      close(r.estimate, g.estimate, 'estimate');
      close(r.z0, g.z0, 'z0');
      close(r.acceleration, g.acceleration, 'acceleration');
      close(r.low, g.low, 'low');
      close(r.high, g.high, 'high');
      expect(r.low! <= r.estimate! && r.estimate! <= r.high!).toBe(true);
    });
  }
});

describe('clustered resampling is shared', () => {
  it('clusterResamples, clusterResampleIndices and clusterBootstrap draw the same resamples for a seed', () => {
    const options = { replicates: 50, seed: 'same' };
    const indices = clusterResampleIndices(7, options);
    const weights = [...clusterResamples(7, options)].map((w) => Array.from(w));
    // (the generator reuses its array, so compare copies made one by one)
    const copies: number[][] = [];
    for (const w of clusterResamples(7, options)) copies.push(Array.from(w));
    expect(copies).toEqual(indices.map((row) => Array.from(weightsFromIndices(7, row))));
    expect(weights.length).toBe(50);
    const seen: number[][] = [];
    clusterBootstrap(7, (w) => (seen.push(Array.from(w)), [0]), options);
    expect(seen).toEqual(copies);
  });
});

describe('BCa degenerate cases', () => {
  const mean = (values: number[]) => (w: Uint32Array) => {
    let s = 0;
    let t = 0;
    values.forEach((v, i) => {
      s += w[i] * v;
      t += w[i];
    });
    return [t > 0 ? s / t : null];
  };

  it('all resamples equal the estimate: zero-width interval at it, method constant', () => {
    const [r] = clusterBootstrapBca(5, mean([2, 2, 2, 2, 2]), { replicates: 200, seed: 'c' });
    expect(r).toMatchObject({ method: 'constant', low: 2, high: 2, estimate: 2, extended: false });
  });

  it('single cluster: no interval, said so', () => {
    const [r] = clusterBootstrapBca(1, mean([3]), { replicates: 100, seed: 's' });
    expect(r.method).toBe('none');
    expect(r.low).toBeNull();
    expect(r.estimate).toBe(3);
    expect(r.note).toMatch(/fewer than two clusters/);
  });

  it('undefined on some resamples: skipped and counted', () => {
    // statistic defined only when cluster 0 is drawn
    const stat = (w: Uint32Array) => [w[0] > 0 ? (w[0] + 2 * w[1] + 3 * w[2] + w[3]) / (w[0] + w[1] + w[2] + w[3]) : null];
    const [r] = clusterBootstrapBca(4, stat, { replicates: 400, seed: 'u' });
    expect(r.undefinedReplicates).toBeGreaterThan(50);
    expect(r.valid + r.undefinedReplicates).toBe(400);
    expect(r.note).toMatch(/resamples undefined, skipped/);
    expect(r.undefinedJackknife).toBe(1);
    expect(r.low! <= r.estimate! && r.estimate! <= r.high!).toBe(true);
  });

  it('undefined on the full data: no interval', () => {
    const [r] = clusterBootstrapBca(4, () => [null], { replicates: 10, seed: 'x' });
    expect(r).toMatchObject({ method: 'none', estimate: null, low: null, high: null });
  });

  it('every resample above the estimate (z0 = -inf): percentile fallback extended to the estimate, said so', () => {
    const r = bcaFromReplicates(0.3, [0.31, 0.32, 0.33, 0.35, 0.4], [0.3, 0.31, 0.29]);
    expect(r.method).toBe('percentile-fallback');
    expect(r.extended).toBe(true);
    expect(r.low).toBe(0.3);
    expect(r.note).toMatch(/z0 = -inf/);
    expect(r.note).toMatch(/extended to the estimate/);
  });

  it('BCa that would exclude the estimate falls back and says why', () => {
    // 98% of resamples below the estimate: z0 > 1.96, the BCa interval lies above the estimate
    const reps = Array.from({ length: 100 }, (_, i) => (i < 98 ? i / 100 : 2 + i));
    const r = bcaFromReplicates(0.99, reps, [0.9, 1, 1.1]);
    expect(r.method).toBe('percentile-fallback');
    expect(r.note).toMatch(/excludes the estimate/);
    expect(r.low! <= 0.99 && 0.99 <= r.high!).toBe(true);
  });

  it('property: every interval contains its estimate or is absent, whatever the data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 1000 }),
        (docs, seed) => {
          // recall per document: hits of positives, documents without positives allowed
          const stat = (w: Uint32Array) => {
            let pos = 0;
            let hit = 0;
            docs.forEach(([p, h], i) => {
              pos += w[i] * p;
              hit += w[i] * Math.min(h, p);
            });
            return [pos > 0 ? hit / pos : null];
          };
          const [r] = clusterBootstrapBca(docs.length, stat, { replicates: 60, seed: String(seed) });
          if (r.method === 'none') return r.low === null && r.high === null;
          return r.low! <= r.estimate! && r.estimate! <= r.high!;
        },
      ),
      { numRuns: 300, seed: 18 },
    );
  });
});

describe('paired BCa', () => {
  it('deltas, their intervals and a floored p-value; same resamples as pairedBootstrap', () => {
    // 20 documents; B is better on every document: p at its floor
    const a = Array.from({ length: 20 }, (_, i) => 0.4 + (i % 5) * 0.05);
    const b = a.map((v, i) => v + 0.1 + (i % 3) * 0.02);
    const stat = (w: Uint32Array) => {
      let sa = 0;
      let sb = 0;
      let t = 0;
      for (let i = 0; i < 20; i++) {
        sa += w[i] * a[i];
        sb += w[i] * b[i];
        t += w[i];
      }
      return [sa / t, sb / t];
    };
    const [d] = pairedBootstrapBca(20, stat, { replicates: 999, seed: 'p' });
    expect(d.baseline).toBeCloseTo(a.reduce((x, y) => x + y) / 20, 12);
    expect(d.delta).toBeCloseTo(d.candidate! - d.baseline!, 12);
    expect(d.low! <= d.delta! && d.delta! <= d.high!).toBe(true);
    expect(d.low!).toBeGreaterThan(0);
    expect(d.p).toEqual({ p: 2 / 1000, atFloor: true });
  });

  it('no difference: p = 1 and a constant interval at 0', () => {
    const [d] = pairedBootstrapBca(6, (w) => [w[0], w[0]], { replicates: 100, seed: 'z' });
    expect(d.delta).toBe(0);
    expect(d.method).toBe('constant');
    expect(d.p).toEqual({ p: 1, atFloor: false });
  });
});
