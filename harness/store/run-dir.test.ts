import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../core/errors.js';
import { LOCK_FILE, lockDir } from './dir-lock.js';
import { corpusLabel, createRunDir, newRunRecord, RUN_FILES, runName, runTimestamp } from './run-dir.js';
import { rebaseDetectorSpec, rebasePath } from './stored-paths.js';

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

describe('run ids and stored paths', () => {
  it('name the suite and the corpus, so --corpus runs are not all default-...', () => {
    expect(runName({ name: 'default', corpus: { kind: 'embedded' } })).toBe('default-embedded');
    expect(runName({ name: 'default', corpus: { kind: 'path', path: '/home/me/data/Our News.jsonl' } })).toBe('default-Our-News');
    expect(runName({ name: 's', corpus: { kind: 'path', path: '../texts/' } })).toBe('s-texts');
    expect(corpusLabel('..')).toBe('corpus');
    const cwd = scratch();
    const made = createRunDir(cwd, runName({ name: 's', corpus: { kind: 'path', path: 'articles' } }), undefined, false, new Date('2026-01-02T03:04:05Z'));
    made.release();
    expect(made.id).toBe('s-articles-20260102-030405');
  });

  it('rebases detector paths onto the record\'s baseDir, never leaving a machine path', () => {
    expect(rebasePath('det.mjs', '/p', '/p')).toBe('det.mjs');
    expect(rebasePath('./det.mjs', '/p/suites', '/p')).toBe('suites/det.mjs');
    expect(rebasePath('/p/x/det.mjs', '/anywhere', '/p')).toBe('x/det.mjs');
    expect(rebaseDetectorSpec('winnowing', '/p/suites', '/p')).toBe('winnowing');
    expect(rebaseDetectorSpec('../dets/d.json', '/p/suites', '/p')).toBe('dets/d.json');
    expect(rebaseDetectorSpec({ type: 'module', path: 'd.ts' }, '/p/suites', '/p')).toEqual({ type: 'module', path: 'suites/d.ts' });
    expect(rebaseDetectorSpec({ type: 'exec', command: ['python3', 'd.py'] }, '/p/suites', '/p')).toEqual({ type: 'exec', command: ['python3', 'd.py'], cwd: 'suites' });
    expect(rebaseDetectorSpec({ type: 'exec', command: ['python3', 'd.py'] }, '/p', '/p')).toEqual({ type: 'exec', command: ['python3', 'd.py'] });
    expect(rebaseDetectorSpec({ type: 'http', url: 'http://h/' }, '/p/suites', '/p')).toEqual({ type: 'http', url: 'http://h/' });
  });

  it('newRunRecord stores baseDir, datasetDir and detector paths relative, and they resolve back', () => {
    const root = scratch();
    const runDir = join(root, 'results', 'runs', 'r');
    const dataset = { dir: join(root, 'results', 'datasets', 'd'), manifest: { hash: 'h', suite: { name: 's' } } } as unknown as Parameters<typeof newRunRecord>[0]['dataset'];
    const identity = { name: 'd', version: '1', hash: 'x', tasks: ['tamper' as const] };
    const record = newRunRecord({
      id: 'r', command: 'c', dataset, runDir, threshold: { kind: 'label' }, baseDir: root,
      detectors: [{ identity, spec: join(root, 'dets', 'a.mjs') }, { identity, spec: './b.ts', baseDir: join(root, 'suites') }],
    });
    const text = JSON.stringify(record);
    expect(text).not.toContain(root);
    expect(record).toMatchObject({ baseDir: '../../..', datasetDir: '../../datasets/d', detectorSpecs: ['dets/a.mjs', 'suites/b.ts'] });
    expect(resolve(runDir, record.baseDir, record.detectorSpecs[1] as string)).toBe(join(root, 'suites', 'b.ts'));
  });
});
