import { describe, expect, it } from 'vitest';
import { exitCodeFor } from './errors.js';
import { workerCount } from './worker-pool.js';

describe('workerCount', () => {
  it('takes --workers, then GAUNTLET_WORKERS, then the core count', () => {
    const warn = () => {};
    expect(workerCount('2', {}, warn, 4)).toBe(2);
    expect(workerCount(undefined, { GAUNTLET_WORKERS: '3' }, warn, 4)).toBe(3);
    expect(workerCount(undefined, {}, warn, 4)).toBe(4);
  });

  it('caps a request above the core count, with a warning', () => {
    const warnings: string[] = [];
    expect(workerCount('1000', {}, (w) => warnings.push(w), 2)).toBe(2);
    expect(warnings).toEqual(['--workers 1000 is more than the 2 cores of this machine; using 2']);
  });

  it('refuses what is not a whole number >= 1 (exit 2)', () => {
    for (const bad of ['0', '-1', '1.5', 'many']) {
      try {
        workerCount(bad, {}, () => {}, 2);
        expect.fail(`accepted ${bad}`);
      } catch (error) {
        expect(exitCodeFor(error)).toBe(2);
      }
    }
  });
});
