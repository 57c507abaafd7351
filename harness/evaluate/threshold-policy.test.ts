import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ThresholdPolicy } from '../../core/types.js';
import { GauntletError } from '../../core/errors.js';
import { THRESHOLD_FORMS, formatThresholdPolicy, parseThresholdPolicy, readThresholdPolicy } from './threshold-policy.js';

/** Every policy the grammar can express; -0 and subnormals included on purpose. */
const policies: fc.Arbitrary<ThresholdPolicy> = fc.oneof(
  fc.constant({ kind: 'label' as const }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ kind: 'fixed' as const, value })),
  fc.double({ min: 0, max: 1, minExcluded: true, maxExcluded: true, noNaN: true }).map((target) => ({ kind: 'fpr' as const, target })),
);

/** Texts no command line or suite may use, with the reason each is refused. */
const REJECTED = ['', 'sometimes', 'fpr:2', 'fpr:0', 'fpr:1', 'fpr:-0.1', 'fixed:abc', 'fixed:1e999', 'fixed:', 'fpr', '0x10', 'Infinity', 'fixed:0.5:1'];

describe('threshold grammar', () => {
  it('reads every accepted form', () => {
    expect(parseThresholdPolicy('label')).toEqual({ kind: 'label' });
    expect(parseThresholdPolicy('fpr:0.05')).toEqual({ kind: 'fpr', target: 0.05 });
    expect(parseThresholdPolicy('fpr=0.05')).toEqual({ kind: 'fpr', target: 0.05 });
    expect(parseThresholdPolicy(' FPR : .01 ')).toEqual({ kind: 'fpr', target: 0.01 });
    expect(parseThresholdPolicy('fixed:0.5')).toEqual({ kind: 'fixed', value: 0.5 });
    expect(parseThresholdPolicy('fixed=-1.5e2')).toEqual({ kind: 'fixed', value: -150 });
    // A bare number is fixed:<number>, as command lines before the grammar wrote it.
    expect(parseThresholdPolicy('0.7')).toEqual({ kind: 'fixed', value: 0.7 });
    expect(parseThresholdPolicy('+3')).toEqual({ kind: 'fixed', value: 3 });
  });

  it('round-trips format -> parse for every kind', () => {
    fc.assert(
      fc.property(policies, (policy) => {
        expect(parseThresholdPolicy(formatThresholdPolicy(policy))).toStrictEqual(policy);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats what reports print', () => {
    expect(formatThresholdPolicy({ kind: 'label' })).toBe('label');
    expect(formatThresholdPolicy({ kind: 'fpr', target: 0.05 })).toBe('fpr:0.05');
    expect(formatThresholdPolicy({ kind: 'fixed', value: 0.5 })).toBe('fixed:0.5');
  });

  it.each(REJECTED)('refuses %j with a usage error naming the flag and the accepted forms', (text) => {
    const read = readThresholdPolicy(text);
    expect('problem' in read).toBe(true);
    const problem = (read as { problem: string }).problem;
    expect(problem).toContain(JSON.stringify(text));
    expect(problem).toContain(THRESHOLD_FORMS);
    let thrown: unknown;
    try {
      parseThresholdPolicy(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GauntletError);
    expect((thrown as GauntletError).code).toBe('USAGE');
    expect((thrown as GauntletError).message).toBe(`--threshold: ${problem}`);
    expect(() => parseThresholdPolicy(text, 'threshold')).toThrowError(`threshold: ${problem}`);
  });

  it('says why a number is refused', () => {
    expect(readThresholdPolicy('fpr:2')).toMatchObject({ problem: expect.stringContaining('between 0 and 1') });
    expect(readThresholdPolicy('fixed:1e999')).toMatchObject({ problem: expect.stringContaining('finite') });
  });
});
