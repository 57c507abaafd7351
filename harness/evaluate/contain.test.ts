import { afterAll, describe, expect, it } from 'vitest';
import { removeFixtures, writeFixtureRun } from '../report/fixtures/run-fixture.js';
import { loadRun } from '../store/run-data.js';
import { computeMetrics, type Estimate } from './metrics.js';
import { compareRunDirs } from './compare.js';
import { parseRule } from './rules.js';
import { compareMarkdown } from '../report/compare-md.js';
import { holmP } from './stats/index.js';

afterAll(() => removeFixtures());

const HASH = 'c'.repeat(64);

/** Every estimate of a slice, named, spans figures included. */
function estimates(s: ReturnType<typeof computeMetrics>['slices'][number]): Array<[string, Estimate]> {
  const out: Array<[string, Estimate]> = [
    ['precision', s.precision],
    ['recall', s.recall],
    ['f1', s.f1],
    ['fpr', s.fpr],
    ['ap', s.averagePrecision],
    ['auc', s.rocAuc],
    ...Object.entries(s.tprAtFpr).map(([k, e]): [string, Estimate] => [`tpr@${k}`, e]),
  ];
  if (s.attackedFpr) out.push(['attackedFpr', s.attackedFpr]);
  if (s.spans) out.push(['span precision', s.spans.precision], ['span recall', s.spans.recall], ['granularity', s.spans.granularity], ['plagdet', s.spans.plagdet]);
  return out;
}

describe('no interval excludes its point estimate', () => {
  // A strong, a weak and an erroring detector: biased statistics (AP, TPR near 0 or 1) are where percentiles used to miss.
  const detectors = [
    { name: 'strong', skill: 3 },
    { name: 'weak', skill: 0.3 },
    { name: 'flaky', skill: 1, errorEvery: 5 },
  ];

  it('every slice of a run', async () => {
    const { runDir } = writeFixtureRun({ sources: 15, detectors, datasetHash: HASH });
    const m = computeMetrics(await loadRun(runDir), { bootstrap: 200 });
    let checked = 0;
    for (const s of m.slices) {
      for (const [name, e] of estimates(s)) {
        if (e.value === null || e.low === null || e.high === null) continue;
        checked++;
        expect(e.low, `${s.detector} ${s.slice} ${name}`).toBeLessThanOrEqual(e.value);
        expect(e.high, `${s.detector} ${s.slice} ${name}`).toBeGreaterThanOrEqual(e.value);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(m.settings.bootstrap.interval).toBe('BCa 95%');
    expect(m.slices.some((s) => s.rocAuc.method === 'bca')).toBe(true);
  });

  it('every delta of a comparison, with p-values that never print as 0 and Holm over the gated family', async () => {
    const base = writeFixtureRun({ sources: 15, detectors, datasetHash: HASH });
    const weak = writeFixtureRun({ sources: 15, detectors: detectors.map((d) => ({ ...d, skill: d.skill / 4 })), datasetHash: HASH, seed: 'other' });
    const rules = ['delta(recall) < -0.02 significant where kind=overall', 'delta(auc) < -0.05 significant where kind=overall'].map(parseRule);
    const c = await compareRunDirs(base.runDir, weak.runDir, { bootstrap: 200, rules });
    let checked = 0;
    for (const row of c.rows) {
      for (const [key, d] of Object.entries(row.metrics)) {
        if (d.delta === null || d.low === null || d.high === null) continue;
        checked++;
        expect(d.low, `${row.detector} ${row.slice} ${key}`).toBeLessThanOrEqual(d.delta);
        expect(d.high, `${row.detector} ${row.slice} ${key}`).toBeGreaterThanOrEqual(d.delta);
      }
    }
    expect(checked).toBeGreaterThan(100);

    // Strong detectors weakened 4x: some AUC deltas sit at the bootstrap floor; printed as an upper bound.
    const md = compareMarkdown(c);
    expect(md).not.toMatch(/p\s*=\s*0\.000\b|p=0\.0e|e\+0/);
    expect(c.rows.some((r) => r.metrics.auc?.pAtFloor)).toBe(true);
    expect(md).toMatch(/p < 0\.0\d+ \(\d+\/201\)|p < 0\.0\d+/);

    // The family: exactly the overall rows' recall and AUC deltas, adjusted together.
    const gated = c.rows.flatMap((r) => Object.entries(r.metrics).filter(([, d]) => d.family === 'gated').map(([k, d]) => ({ r, k, d })));
    expect(gated.length).toBeGreaterThan(0);
    expect(gated.every(({ r, k }) => r.kind === 'overall' && (k === 'recall' || k === 'auc'))).toBe(true);
    const expected = holmP(gated.map(({ d }) => (d.p === null ? null : { p: d.p, atFloor: d.pAtFloor })));
    gated.forEach(({ d }, i) => expect(d.pHolm).toBe(expected[i]?.p ?? null));
    expect(c.settings.holm).toContain(`Holm over the ${gated.filter(({ d }) => d.p !== null).length} comparison(s)`);
    expect(md).toContain(c.settings.holm);
  });
});
