import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunLog } from './run-log.js';

describe('run log', () => {
  it('keeps lines logged before the run directory exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-log-'));
    const log = createRunLog();
    log.write('starting detector');
    log.attach(dir);
    log.write('scored');
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('starting detector\nscored\n');
  });

  it('rotates at the cap, keeps the latest lines, and says so once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-log-'));
    const rotations: string[] = [];
    const log = createRunLog({ capBytes: 1000, onRotate: (p) => rotations.push(p) });
    log.attach(dir);
    for (let i = 0; i < 500; i++) log.write(`line ${i} ${'x'.repeat(40)}`);
    expect(statSync(join(dir, 'log.txt')).size).toBeLessThanOrEqual(1000);
    expect(statSync(join(dir, 'log.txt.1')).size).toBeLessThanOrEqual(1000);
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toContain('line 499 ');
    expect(rotations).toEqual([join(dir, 'log.txt')]);
    expect(log.rotated).toBeGreaterThan(10);
    expect(existsSync(join(dir, 'log.txt.2'))).toBe(false);
  });
});
