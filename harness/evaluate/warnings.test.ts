import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScoreRecord } from '../../core/types.js';
import { computeMetrics } from './metrics.js';
import { operatingPoint } from './operating.js';
import { calibrationShortfall, metricsWarnings } from './warnings.js';
import { loadRun, type DetectorScores, type SampleInfo } from '../store/run-data.js';
import { removeFixtures, writeFixtureRun } from '../report/fixtures/run-fixture.js';

afterAll(removeFixtures);

/** A fixture run whose detector `flat` gives every item the score 0.5. */
async function runWithFlatDetector() {
  const { runDir } = writeFixtureRun({ detectors: [{ name: 'good', skill: 1 }, { name: 'flat', skill: 0 }] });
  const path = join(runDir, 'scores.jsonl');
  const records = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ScoreRecord);
  const flattened = records.map((r) => (r.detector === 'flat' && r.score !== undefined ? { ...r, score: 0.5 } : r));
  writeFileSync(path, flattened.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return computeMetrics(await loadRun(runDir), { bootstrap: 0 });
}

describe('metricsWarnings', () => {
  it('says once per task that its calibration split is too small, not once per detector', async () => {
    const warnings = metricsWarnings(await runWithFlatDetector());
    const calibration = warnings.filter((w) => /calibration negatives/.test(w));
    // The fixture has 20 calibration negatives per ranked task; 5% FPR wants 80.
    expect(calibration.map((w) => w.split(':')[0]).sort()).toEqual(['consistency', 'reuse', 'tamper']);
    for (const w of calibration) expect(w).toMatch(/only 20 calibration negatives, 80 wanted to calibrate at 5% FPR \(the FPR moves in steps of 0\.050\)/);
    expect(warnings.some((w) => w.startsWith('only '))).toBe(false);
  });

  it('names a detector whose scores are constant on a task, and only that one', async () => {
    const warnings = metricsWarnings(await runWithFlatDetector());
    const constant = warnings.filter((w) => /same score/.test(w));
    expect(constant.sort()).toEqual(['consistency', 'reuse', 'tamper'].map((t) => `flat gave every ${t} item the same score: its ranking says nothing (ROC-AUC 0.5); check that it reads its input`));
  });

  it('is silent on a well-calibrated run of a detector that ranks', async () => {
    const { runDir } = writeFixtureRun({ threshold: { kind: 'fixed', value: 0.7 } });
    expect(metricsWarnings(computeMetrics(await loadRun(runDir), { bootstrap: 0 }))).toEqual([]);
  });
});

describe('calibrationShortfall', () => {
  /** A task with `n` calibration negatives scored 0..n-1 and one test positive. */
  const calibrationSet = (n: number): { samples: SampleInfo[]; scores: DetectorScores } => {
    const samples: SampleInfo[] = Array.from({ length: n + 1 }, (_, i) => ({
      id: `s${i}`,
      task: 'tamper',
      sourceId: `d${i}`,
      generator: 'none',
      intensity: 0,
      label: i === n ? 1 : 0,
      role: i === n ? 'positive' : 'pooled-negative',
      split: i === n ? 'test' : 'calibration',
      family: null,
      factTypes: [],
    }));
    const len = samples.length;
    return {
      samples,
      scores: { score: Float64Array.from(samples, (_, i) => i), label: new Int8Array(len).fill(-1), error: new Uint8Array(len), present: new Uint8Array(len).fill(1), spans: new Map(), errorMessages: [] },
    };
  };

  it('agrees with the note operating.ts writes, for every calibration size and target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.constantFrom(0.01, 0.02, 0.05, 0.1, 0.25), (n, target) => {
        const { samples, scores } = calibrationSet(n);
        const op = operatingPoint('d', 'tamper', samples, scores, { kind: 'fpr', target });
        expect(calibrationShortfall(op)).toBe(/calibration negatives/.test(op.note ?? ''));
      }),
      { numRuns: 200 },
    );
  });
});
