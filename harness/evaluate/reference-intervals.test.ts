import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../core/version.js';

/** Every {value, low, high} in a JSON document, with its path. */
function intervals(node: unknown, path: string, out: Array<{ path: string; value: number; low: number; high: number }>): void {
  if (Array.isArray(node)) node.forEach((child, i) => intervals(child, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.value === 'number' && typeof o.low === 'number' && typeof o.high === 'number') out.push({ path, value: o.value, low: o.low, high: o.high });
    for (const [k, v] of Object.entries(o)) intervals(v, `${path}.${k}`, out);
  }
}

describe('the committed reference run', () => {
  it('has no interval that excludes its point estimate (metrics.json, every slice)', () => {
    const metrics = JSON.parse(readFileSync(join(packageRoot(), 'results', 'reference', 'metrics.json'), 'utf8')) as unknown;
    const found: Array<{ path: string; value: number; low: number; high: number }> = [];
    intervals(metrics, '', found);
    expect(found.length).toBeGreaterThan(1000);
    const outside = found.filter((e) => e.low > e.value + 1e-12 || e.high < e.value - 1e-12);
    expect(outside).toEqual([]);
  });
});
