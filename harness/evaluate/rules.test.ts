import { describe, expect, it } from 'vitest';
import { checkRules, didYouMean, fprLevelsFor, parseRule } from './rules.js';
import { exitCodeFor } from '../../core/errors.js';
import type { SliceMetrics } from './metrics.js';

const e = (value: number | null) => ({ value, low: null, high: null });
const slice = (over: Partial<SliceMetrics>): SliceMetrics => ({
  detector: 'd',
  slice: 'tamper/spin@0.4',
  task: 'tamper',
  kind: 'generator',
  generator: 'spin',
  intensity: 0.4,
  family: 'observed',
  factType: null,
  n: 10,
  positives: 5,
  negatives: 5,
  attackedNegatives: 0,
  errors: 0,
  sources: 5,
  threshold: 0.5,
  precision: e(0.9),
  recall: e(0.7),
  f1: e(0.8),
  fpr: e(0.05),
  attackedFpr: null,
  averagePrecision: e(0.9),
  rocAuc: e(0.95),
  tprAtFpr: { '0.01': e(0.5), '0.05': e(0.75) },
  ...over,
});

describe('rules', () => {
  it('parse the documented forms', () => {
    expect(parseRule('recall@fpr=0.05 < 0.8')).toMatchObject({ metric: { name: 'tpr', level: 0.05 }, op: '<', value: 0.8, delta: false });
    expect(parseRule('delta(recall) < -0.02 significant')).toMatchObject({ metric: { name: 'recall' }, delta: true, value: -0.02, significant: true });
    expect(parseRule('auc<=0.9 where task=tamper,generator=spin').where).toEqual([['task', 'tamper'], ['generator', 'spin']]);
    expect(parseRule('delta(tpr@fpr=0.01) < 0').metric).toEqual({ name: 'tpr', level: 0.01 });
  });

  it('reject what they cannot mean', () => {
    expect(() => parseRule('recall')).toThrow(/expected e\.g\./);
    expect(() => parseRule('accuracy < 0.5')).toThrow(/unknown metric "accuracy"/);
    expect(() => parseRule('recall < 0.5 significant')).toThrow(/delta/);
    expect(() => parseRule('recall < 0.5 where colour=red')).toThrow(/bad filter/);
  });

  it('name each slice that breaks an absolute rule, and skip undefined values and other scopes', () => {
    const slices = [slice({}), slice({ slice: 'tamper/spin@0.2', intensity: 0.2, tprAtFpr: { '0.05': e(0.9) } }), slice({ slice: 'reuse/*', task: 'reuse', kind: 'overall', tprAtFpr: { '0.05': e(null) } })];
    const v = checkRules([parseRule('recall@fpr=0.05 < 0.8')], slices);
    expect(v).toEqual([{ rule: 'recall@fpr=0.05 < 0.8', detector: 'd', slice: 'tamper/spin@0.4', actual: 0.75 }]);
    expect(checkRules([parseRule('recall < 0.8 where intensity=0.2')], slices).map((x) => x.slice)).toEqual(['tamper/spin@0.2']);
    expect(checkRules([parseRule('delta(recall) < 0')], slices)).toEqual([]);
  });

  it('ask metrics for the FPR levels they use', () => {
    expect(fprLevelsFor([parseRule('tpr@fpr=0.1 < 0.5'), parseRule('recall@fpr=0.01 < 0.5')], [0.01, 0.05])).toEqual([0.01, 0.05, 0.1]);
  });

  it('refuse a rule whose where clause matches no slice, naming the values that exist', () => {
    const slices = [slice({}), slice({ detector: 'winnowing', kind: 'overall', slice: 'tamper/*' })];
    const failure = (rule: string) => {
      try {
        checkRules([parseRule(rule)], slices);
      } catch (error) {
        expect(exitCodeFor(error)).toBe(2);
        return (error as Error).message;
      }
      throw new Error(`"${rule}" was accepted`);
    };
    expect(failure('recall < 0.99 where detector=word-overlap')).toMatch(/no slice has detector=word-overlap \(detector values: d, winnowing\)/);
    expect(failure('recall < 0.99 where kind=overal')).toMatch(/kind=overal \(did you mean "overall"\?\)/);
    expect(failure('recall < 0.99 where detector=d,kind=overall')).toMatch(/no slice matches detector=d and kind=overall together/);
    expect(() => parseRule('recall < 0.5 where detectr=d')).toThrow(/did you mean "detector"/);
    expect(checkRules([parseRule('recall < 0.99 where detector=winnowing')], slices)).toHaveLength(1);
  });

  it('offer a did-you-mean only for a close candidate', () => {
    expect(didYouMean('overal', ['overall', 'generator'])).toBe(' (did you mean "overall"?)');
    expect(didYouMean('zzz', ['overall', 'generator'])).toBe('');
  });
});
