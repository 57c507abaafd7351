import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../../core/rng.js';
import { clusterBootstrapBca } from './bca.js';
import { normalCdf } from './normal.js';
import { groupCounts, rankingFromCounts, tieGroups } from './ranking.js';

/**
 * Coverage of 95% BCa intervals on simulated slices with known truth (issue
 * 18): the share of slices whose interval contains the true value must be
 * within 93-97%. Seeded (the seeds were fixed before the first run, not
 * chosen by trying several).
 *
 * Why 1000 slices at B = 500 rather than 200 at B = 1000: with 200 slices
 * the Monte Carlo error of a coverage figure is 1.5 points, so an exactly
 * calibrated 95% interval falls outside 93-97% about one run in five. The
 * first version (200 slices, B = 1000, these seeds) gave recall 97.0% and
 * AUC 99.5% - a fluke of those 200 slices: the same seeds over 2000 slices
 * gave 95.5% and 95.2%. At 1000 slices the error is 0.7 points (a false
 * failure about one run in 250); B = 500 keeps the test within its time.
 * COVERAGE_SLICES and COVERAGE_REPLICATES override both locally.
 */
const SLICES = Number(process.env.COVERAGE_SLICES ?? 1000);
const REPLICATES = Number(process.env.COVERAGE_REPLICATES ?? 500);
const DOCUMENTS = 40;

function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Recall with clustering: 40 source documents, each with 1-3 positives and
 * its own detection rate p +- 0.2 (half each way, so the population recall
 * is exactly p), positives of one document detected with that rate.
 */
function recallSlice(rng: Rng, p: number): { clusters: number; statistic: (w: Uint32Array) => Array<number | null> } {
  const positives = new Uint32Array(DOCUMENTS);
  const hits = new Uint32Array(DOCUMENTS);
  for (let d = 0; d < DOCUMENTS; d++) {
    const rate = rng() < 0.5 ? p + 0.2 : p - 0.2;
    positives[d] = 1 + Math.floor(rng() * 3);
    for (let k = 0; k < positives[d]; k++) if (rng() < rate) hits[d]++;
  }
  return {
    clusters: DOCUMENTS,
    statistic: (w) => {
      let pos = 0;
      let hit = 0;
      for (let d = 0; d < DOCUMENTS; d++) {
        pos += w[d] * positives[d];
        hit += w[d] * hits[d];
      }
      return [pos > 0 ? hit / pos : null];
    },
  };
}

/**
 * ROC-AUC: 40 documents, each with one positive scored N(mu, 1) and one
 * negative scored N(0, 1); true AUC = Phi(mu / sqrt(2)).
 */
function aucSlice(rng: Rng, mu: number): { clusters: number; statistic: (w: Uint32Array) => Array<number | null> } {
  const scores: number[] = [];
  const labels: number[] = [];
  const cluster: number[] = [];
  for (let d = 0; d < DOCUMENTS; d++) {
    scores.push(mu + normal(rng), normal(rng));
    labels.push(1, 0);
    cluster.push(d, d);
  }
  // Weighted AUC in one pass over the items by descending score (continuous
  // scores: no ties), about 10x faster than groupCounts + rankingFromCounts;
  // checked against those on the full data.
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const statistic = (w: Uint32Array): Array<number | null> => {
    let positivesAbove = 0;
    let area = 0;
    let totalPos = 0;
    let totalNeg = 0;
    for (const i of order) {
      const weight = w[cluster[i]];
      if (labels[i] === 1) {
        positivesAbove += weight;
        totalPos += weight;
      } else {
        area += weight * positivesAbove;
        totalNeg += weight;
      }
    }
    return [totalPos > 0 && totalNeg > 0 ? area / (totalPos * totalNeg) : null];
  };
  const reference = rankingFromCounts(groupCounts(tieGroups(scores), labels)).rocAuc!;
  const ones = new Uint32Array(DOCUMENTS).fill(1);
  if (Math.abs(statistic(ones)[0]! - reference) > 1e-12) throw new Error(`fast AUC ${statistic(ones)[0]} != ${reference}`);
  return { clusters: DOCUMENTS, statistic };
}

function coverage(make: (rng: Rng) => { clusters: number; statistic: (w: Uint32Array) => Array<number | null> }, truth: number, seed: string) {
  const rng = createRng(seed);
  let covered = 0;
  let fallbacks = 0;
  let below = 0;
  for (let s = 0; s < SLICES; s++) {
    const slice = make(rng);
    const [r] = clusterBootstrapBca(slice.clusters, slice.statistic, { replicates: REPLICATES, seed: `${seed}-${s}` });
    if (r.method !== 'bca') fallbacks++;
    if (r.low !== null && r.high !== null && r.low <= truth && truth <= r.high) covered++;
    else if (r.high !== null && r.high < truth) below++;
  }
  return { rate: covered / SLICES, fallbacks, below, above: SLICES - covered - below };
}

describe('coverage of 95% BCa intervals (simulated slices with known truth)', () => {
  it(`recall, clustered by document: ${SLICES} slices, B = ${REPLICATES}`, () => {
    const start = performance.now();
    const r = coverage((rng) => recallSlice(rng, 0.7), 0.7, 'coverage-recall');
    console.log(`recall coverage ${(100 * r.rate).toFixed(1)}% (misses: ${r.below} below, ${r.above} above; ${r.fallbacks} fallbacks) in ${Math.round(performance.now() - start)} ms`);
    expect(r.rate).toBeGreaterThanOrEqual(0.93);
    expect(r.rate).toBeLessThanOrEqual(0.97);
  });

  it(`ROC-AUC: ${SLICES} slices, B = ${REPLICATES}`, () => {
    const mu = 1;
    const truth = normalCdf(mu / Math.SQRT2);
    const start = performance.now();
    const r = coverage((rng) => aucSlice(rng, mu), truth, 'coverage-auc');
    console.log(`AUC coverage ${(100 * r.rate).toFixed(1)}% (truth ${truth.toFixed(4)}; misses: ${r.below} below, ${r.above} above; ${r.fallbacks} fallbacks) in ${Math.round(performance.now() - start)} ms`);
    expect(r.rate).toBeGreaterThanOrEqual(0.93);
    expect(r.rate).toBeLessThanOrEqual(0.97);
  });
});
