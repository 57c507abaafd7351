import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atThreshold, holm, mcnemarExact, rankingMetrics, wilson } from './index.js';
import { goldenFixture, loadGolden } from './fixtures/golden.js';

/**
 * Golden values computed with scikit-learn and SciPy. A copy lives beside
 * the tests so they run from any checkout; the next test keeps it equal to
 * the project's shared original when that is present.
 */
const fixture = goldenFixture;
const shared = new URL('../../../../shared/golden/metrics.json', import.meta.url);

const golden = loadGolden();

/** Equal to 1e-9, or both null. */
function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9);
}

describe('golden metrics (scikit-learn / SciPy)', () => {
  it.skipIf(!existsSync(shared))('fixture copy equals the shared golden file', () => {
    expect(readFileSync(fixture, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('has cases to check', () => {
    expect(golden.cases.length).toBeGreaterThan(0);
    expect(golden.mcnemar.length).toBeGreaterThan(0);
    expect(golden.wilson.length).toBeGreaterThan(0);
  });

  for (const c of golden.cases) {
    it(`case ${c.name}`, () => {
      const at = atThreshold(c.scores, c.labels, c.threshold);
      close(at.precision, c.atThreshold.precision, 'precision');
      close(at.recall, c.atThreshold.recall, 'recall');
      close(at.f1, c.atThreshold.f1, 'f1');
      const levels = c.tprAtFpr ? Object.keys(c.tprAtFpr).map(Number) : [0.01, 0.05, 0.1];
      const ranking = rankingMetrics(c.scores, c.labels, levels);
      close(ranking.averagePrecision, c.averagePrecision, 'averagePrecision');
      close(ranking.rocAuc, c.rocAuc, 'rocAuc');
      levels.forEach((alpha, k) => close(ranking.tprAtFpr[k], c.tprAtFpr ? c.tprAtFpr[String(alpha)] : null, `tprAtFpr ${alpha}`));
    });
  }

  for (const m of golden.mcnemar) {
    it(`mcnemar b=${m.b} c=${m.c}`, () => {
      close(mcnemarExact(m.b, m.c), m.pValue, 'pValue');
      close(mcnemarExact(m.c, m.b), m.pValue, 'pValue (symmetric)');
    });
  }

  for (const w of golden.wilson) {
    it(`wilson ${w.successes}/${w.trials}`, () => {
      const interval = wilson(w.successes, w.trials);
      close(interval.low, w.low, 'low');
      close(interval.high, w.high, 'high');
    });
  }
});

describe('holm', () => {
  it('matches the step-down definition on a hand example', () => {
    // m = 4: sorted 0.01, 0.02, 0.03, 0.5 -> 0.04, 0.06, 0.06 (monotone), 0.5
    expect(holm([0.03, 0.01, 0.5, 0.02])).toEqual([0.06, 0.04, 0.5, 0.06]);
  });
  it('skips nulls and caps at 1', () => {
    expect(holm([null, 0.6, 0.4])).toEqual([null, 0.8, 0.8]);
  });
});
