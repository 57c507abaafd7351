import { describe, expect, it } from 'vitest';
import type { MetricsResult, SliceMetrics } from '../evaluate/metrics.js';
import { resamplingNote } from './resampling.js';

const slice = (resampling?: SliceMetrics['resampling']) => ({ slice: 's', ...(resampling ? { resampling } : {}) }) as unknown as SliceMetrics;

describe('the report names the cluster-type resampling', () => {
  it('says nothing when every slice drew documents (reports read as before)', () => {
    expect(resamplingNote({ slices: [slice(), slice()] } as MetricsResult)).toBe('');
  });

  it('counts the slices that drew over types and gives the size rule', () => {
    const typed = slice({ method: 'cluster-types', clusters: 47369, types: 809, reason: '47369 clusters in 809 distinct types: multinomial draws over the types' });
    const note = resamplingNote({ slices: [slice(), typed, typed] } as MetricsResult);
    expect(note).toContain('2 of 3 slices');
    expect(note).toContain('47,369 source documents or more');
    expect(note).toContain('same distribution');
  });
});
