import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keepHeapNearLiveSet } from './heap.js';

const heapModule = fileURLToPath(new URL('./heap.ts', import.meta.url));

/** Peak RSS (MB) of a child that keeps ~10 MB live and churns through ~150 MB of short-lived objects. */
function churnPeak(withStep: boolean): number {
  const script = `
    ${withStep ? `const { keepHeapNearLiveSet } = await import(${JSON.stringify(heapModule)}); keepHeapNearLiveSet([]);` : ''}
    const live = [];
    for (let i = 0; i < 10; i++) live.push(Array.from({ length: 100000 }, (_, j) => ({ j })));
    let n = 0;
    for (let r = 0; r < 40; r++) n += Array.from({ length: 100000 }, (_, j) => ({ j, s: 'x' + j })).length;
    process.stdout.write(String(Math.round(process.resourceUsage().maxRSS / 1024)) + ' ' + (live.length + n));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.split(' ')[0]);
}

describe('keepHeapNearLiveSet', () => {
  it('leaves a heap-growth flag given on the node command line alone', () => {
    expect(keepHeapNearLiveSet(['--heap-growing-percent=50'])).toBe(false);
    expect(keepHeapNearLiveSet(['--heap_growing_percent=50'])).toBe(false);
  });

  it('keeps the peak of a garbage-heavy process much closer to its live set', () => {
    const without = churnPeak(false);
    const withStep = churnPeak(true);
    // Measured 301 MB vs 171 MB: the margin is wide.
    expect(withStep).toBeLessThan(without * 0.75);
  }, 60_000);
});
