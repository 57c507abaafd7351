import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../core/errors.js';
import { LOCK_FILE, lockDir } from './dir-lock.js';
import { createRunDir, RUN_FILES, runTimestamp } from './run-dir.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'run-dir-'));

function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(exitCodeFor(error)).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('createRunDir', () => {
  it('with --force, removes every file of the earlier run before the new one starts', () => {
    const cwd = scratch();
    const first = createRunDir(cwd, 's', 'out', false);
    writeFileSync(join(first.dir, RUN_FILES.record), '{}');
    writeFileSync(join(first.dir, RUN_FILES.scores), '{"old":true}\n');
    writeFileSync(join(first.dir, 'report.md'), 'old');
    first.release();
    expect(usageMessage(() => createRunDir(cwd, 's', 'out', false))).toMatch(/already holds files.*--force/);
    const second = createRunDir(cwd, 's', 'out', true);
    expect(existsSync(join(second.dir, RUN_FILES.scores))).toBe(false);
    expect(existsSync(join(second.dir, 'report.md'))).toBe(false);
    second.release();
  });

  it('never clears a directory that holds files but no run, even with --force', () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'src'));
    writeFileSync(join(cwd, 'src', 'precious.txt'), 'keep');
    expect(usageMessage(() => createRunDir(cwd, 's', 'src', true))).toMatch(/no run\.json/);
    expect(readFileSync(join(cwd, 'src', 'precious.txt'), 'utf8')).toBe('keep');
  });

  it('lets one writer at a time into a run directory, naming the holder', async () => {
    const cwd = scratch();
    const dir = join(cwd, 'out');
    mkdirSync(dir);
    // Another live process holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(join(dir, LOCK_FILE), `${holder.pid}\n`);
      expect(usageMessage(() => createRunDir(cwd, 's', 'out', true))).toMatch(new RegExp(`pid ${holder.pid}`));
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that died', () => {
    const cwd = scratch();
    const dir = join(cwd, 'out');
    mkdirSync(dir);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${dead.stdout}\n`);
    const run = createRunDir(cwd, 's', 'out', false);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    run.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a second lock from the same process', () => {
    const dir = scratch();
    const release = lockDir(dir, 'run');
    expect(usageMessage(() => lockDir(dir, 'run'))).toMatch(/already open for writing/);
    release();
  });

  it('dates a run by SOURCE_DATE_EPOCH when set, so a reference run regenerates byte for byte', () => {
    expect(runTimestamp({ SOURCE_DATE_EPOCH: '1796342400' })).toBe('2026-12-04T00:00:00.000Z');
    expect(Date.parse(runTimestamp({}))).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(runTimestamp({ SOURCE_DATE_EPOCH: 'soon' })).not.toContain('NaN');
  });
});
