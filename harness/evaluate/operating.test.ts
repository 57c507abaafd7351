import { describe, expect, it } from 'vitest';
import type { DetectorScores, SampleInfo } from '../store/run-data.js';
import { operatingPoint } from './operating.js';

function setup(calibration: number[]) {
  const samples: SampleInfo[] = calibration.map((_, i) => ({ id: `c${i}`, task: 'tamper', sourceId: `d${i}`, generator: 'none', intensity: 0, label: 0, role: 'pooled-negative', split: 'calibration', family: null, factTypes: [] }));
  const n = samples.length;
  const s: DetectorScores = { score: Float64Array.from(calibration), label: new Int8Array(n).fill(-1), error: new Uint8Array(n), present: new Uint8Array(n).fill(1), spans: new Map(), errorMessages: [] };
  return { samples, s };
}

describe('ties at the operating threshold', () => {
  it('fpr: counts the tie block left unflagged (fact-diff style: many negatives at the top score)', () => {
    // 20 negatives, 5% FPR allows one above the threshold; 6 sit at the top score 1.
    const scores = [...Array(14).keys()].map((k) => k / 20).concat(Array(6).fill(1));
    const { samples, s } = setup(scores);
    const op = operatingPoint('d', 'tamper', samples, s, { kind: 'fpr', target: 0.05 });
    expect(op.threshold).toBeGreaterThan(1);
    expect(op.calibration.fprReached).toBe(0);
    expect(op.calibration.ties).toEqual({ count: 6, decided: 'not flagged' });
  });

  it('fixed: counts scores equal to the threshold, flagged', () => {
    const { samples, s } = setup([0.1, 0.5, 0.5, 0.9]);
    const op = operatingPoint('d', 'tamper', samples, s, { kind: 'fixed', value: 0.5 });
    expect(op.calibration.ties).toEqual({ count: 2, decided: 'flagged' });
    expect(op.calibration.fprReached).toBe(0.75);
  });
});
