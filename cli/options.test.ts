import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../core/errors.js';
import { wholeNumberOption } from './options.js';

describe('wholeNumberOption', () => {
  it('passes a whole number at or above the minimum, and undefined when the flag is absent', () => {
    expect(wholeNumberOption('3', '--batch-size', 1)).toBe(3);
    expect(wholeNumberOption(0, '--bootstrap', 0)).toBe(0);
    expect(wholeNumberOption(undefined, '--bootstrap', 0)).toBeUndefined();
  });

  it('refuses anything else with a usage error naming the flag and the value', () => {
    for (const [raw, min] of [['0', 1], ['-1', 0], ['1.5', 1], ['many', 1]] as const) {
      try {
        wholeNumberOption(raw, '--concurrency', min);
        expect.fail(`accepted ${raw}`);
      } catch (error) {
        expect(exitCodeFor(error)).toBe(2);
        expect((error as Error).message).toBe(`--concurrency must be a whole number >= ${min}, got "${raw}"`);
      }
    }
  });
});
