import { describe, expect, it } from 'vitest';
import { exitCodeFor } from './errors.js';
import { WorkerPool, workerCount } from './worker-pool.js';

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

describe('WorkerPool.grow', () => {
  it('adds workers with their own data that take the queued requests, and shares memory without a copy', async () => {
    const counter = new SharedArrayBuffer(4);
    const pool = new WorkerPool<number, string>(new URL('./fixtures/tag-worker.mjs', import.meta.url), 1, { tag: 'first' });
    try {
      expect(await pool.run(0)).toBe('first:0');
      const queued = [1, 2, 3, 4].map((n) => pool.run(n));
      pool.grow(2, { tag: 'later', counter });
      expect(pool.size).toBe(3);
      const answers = await Promise.all(queued);
      expect(answers.map((a) => a.split(':')[1])).toEqual(['1', '2', '3', '4']);
      expect(answers.some((a) => a.startsWith('later:'))).toBe(true);
      // The later workers counted their requests in the main thread's own buffer.
      expect(new Int32Array(counter)[0]).toBe(answers.filter((a) => a.startsWith('later:')).length);
    } finally {
      await pool.close();
    }
  });
});
