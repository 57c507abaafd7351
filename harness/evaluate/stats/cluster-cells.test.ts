import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterCells, clusterSums, weightedCells, weightedSum, withoutCluster } from './cluster-cells.js';
import { groupCounts, rankingFromCounts, tieGroups } from './ranking.js';

/** A slice: items with a score (few distinct values, so ties), a label and a cluster. */
const slice = fc
  .integer({ min: 1, max: 8 })
  .chain((clusters) =>
    fc.record({
      clusters: fc.constant(clusters),
      items: fc.array(fc.record({ score: fc.integer({ min: 0, max: 6 }), label: fc.integer({ min: 0, max: 1 }), cluster: fc.integer({ min: 0, max: clusters - 1 }) }), { minLength: 1, maxLength: 40 }),
      weights: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: clusters, maxLength: clusters }),
    }),
  );

describe('per-cluster cells give the per-item totals exactly', () => {
  it('weighted totals, ranking metrics and leave-one-out equal re-weighting every item', () => {
    fc.assert(
      fc.property(slice, ({ clusters, items, weights }) => {
        const scores = items.map((x) => x.score / 7);
        const labels = items.map((x) => x.label);
        const cluster = Uint32Array.from(items.map((x) => x.cluster));
        const groups = tieGroups(scores);
        const cells = clusterCells(groups.groupOf, groups.values.length, labels, cluster, clusters);
        const itemWeights = Array.from(cluster, (c) => weights[c]);
        const direct = groupCounts(groups, labels, itemWeights);
        const viaCells = weightedCells(cells, weights);
        expect(Array.from(viaCells.pos)).toEqual(Array.from(direct.pos));
        expect(Array.from(viaCells.neg)).toEqual(Array.from(direct.neg));
        expect(rankingFromCounts(viaCells, [0.1, 0.5])).toEqual(rankingFromCounts(direct, [0.1, 0.5]));

        const ones = new Array(clusters).fill(1);
        const full = weightedCells(cells, ones);
        const before = Array.from(full.pos);
        for (let j = 0; j < clusters; j++) {
          const dropped = ones.map((_, c) => (c === j ? 0 : 1));
          const expected = rankingFromCounts(groupCounts(groups, labels, Array.from(cluster, (c) => dropped[c])), [0.1, 0.5]);
          expect(withoutCluster(cells, full, j, (c) => rankingFromCounts(c, [0.1, 0.5]))).toEqual(expected);
        }
        expect(Array.from(full.pos)).toEqual(before);

        const sums = clusterSums(labels, cluster, clusters);
        expect(weightedSum(sums, weights)).toBe(labels.reduce((t, l, i) => t + l * itemWeights[i], 0));
      }),
      { seed: 20, numRuns: 300 },
    );
  });

  it('a null cluster index makes each item its own cluster', () => {
    const cells = clusterCells([0, 1, 0], 2, [1, 0, 0], null, 3);
    expect(Array.from(cells.start)).toEqual([0, 1, 2, 3]);
    expect(Array.from(weightedCells(cells, [2, 0, 1]).neg)).toEqual([1, 0]);
  });
});
