import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './fixtures/run-cli.js';

/**
 * `--shard auto` end to end: under each batch engine's variables, two shards
 * are built and run through the CLI, merged in reverse order, and must give
 * the unsharded run's bytes. The variables reach the command only through
 * CliIO.env, so a command that read process.env would find no shard here.
 */

const cli = (argv: string[], cwd: string, env: Record<string, string> = {}) => runCli(argv, { cwd, env });

/** Each engine's variables for shard k of 2 (k from 1), as the engine sets them. */
const SCHEDULERS: Record<string, (k: number) => Record<string, string>> = {
  'GitHub Actions matrix (explicit env)': (k) => ({ GAUNTLET_SHARD_INDEX: String(k), GAUNTLET_SHARD_COUNT: '2', GITHUB_ACTIONS: 'true' }),
  'GitLab parallel': (k) => ({ CI_NODE_INDEX: String(k), CI_NODE_TOTAL: '2', GITLAB_CI: 'true' }),
  'Kubernetes Indexed Job': (k) => ({ JOB_COMPLETION_INDEX: String(k - 1), GAUNTLET_SHARD_COUNT: '2' }),
  'Slurm array --array=0-1': (k) => ({ SLURM_ARRAY_TASK_ID: String(k - 1), SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '1', SLURM_ARRAY_TASK_COUNT: '2' }),
  'Slurm array --array=1-2': (k) => ({ SLURM_ARRAY_TASK_ID: String(k), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '2', SLURM_ARRAY_TASK_COUNT: '2' }),
  'AWS Batch array': (k) => ({ AWS_BATCH_JOB_ARRAY_INDEX: String(k - 1), GAUNTLET_SHARD_COUNT: '2' }),
};

const dirName = (scheduler: string) => scheduler.replace(/[^a-z0-9]+/gi, '-');
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const datasetOf = (runDir: string) => resolve(runDir, (JSON.parse(read(runDir, 'run.json')) as { datasetDir: string }).datasetDir);

let root: string;
let suite: string;
let baseline: { scores: string; samples: string };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shard-sched-'));
  suite = join(root, 'suite.json');
  writeFileSync(suite, JSON.stringify({ name: 'sched', seed: 5, tasks: ['reuse'], corpus: { kind: 'embedded', limit: 8 }, generators: [{ name: 'mojibake', intensities: [1] }], detectors: ['ngram-containment'] }));
  const base = join(root, 'whole');
  mkdirSync(base);
  const r = await cli(['run', '--suite', suite, '--out', 'run', '--quiet'], base);
  expect(r.code, r.stderr).toBe(0);
  baseline = { scores: read(base, 'run', 'scores.jsonl'), samples: read(datasetOf(join(base, 'run')), 'samples.jsonl') };
}, 30_000);

describe('--shard auto under each scheduler, merged back to the unsharded bytes', () => {
  for (const [name, envFor] of Object.entries(SCHEDULERS)) {
    it(name, async () => {
      // One working directory per engine: its shard datasets are built here, never reused from another case.
      const cwd = join(root, dirName(name));
      mkdirSync(cwd);
      const runs: string[] = [];
      for (const k of [1, 2]) {
        const r = await cli(['run', '--suite', suite, '--shard', 'auto', '--out', `shard-${k}`, '--quiet'], cwd, envFor(k));
        expect(r.code, r.stderr).toBe(0);
        const manifest = JSON.parse(read(datasetOf(join(cwd, `shard-${k}`)), 'manifest.json')) as { shard: { index: number; count: number }; counts: { samples: number } };
        expect(manifest.shard).toMatchObject({ index: k, count: 2 });
        expect(manifest.counts.samples).toBeGreaterThan(0);
        runs.push(`shard-${k}`);
      }
      const merged = await cli(['merge', ...runs.reverse(), '--out', 'merged'], cwd);
      expect(merged.code, merged.stderr).toBe(0);
      expect(read(cwd, 'merged', 'scores.jsonl')).toBe(baseline.scores);
      expect(read(datasetOf(join(cwd, 'merged')), 'samples.jsonl')).toBe(baseline.samples);
    }, 15_000);
  }

  it('build --shard auto writes the same shard as run --shard auto', async () => {
    const cwd = join(root, dirName('GitHub Actions matrix (explicit env)'));
    for (const k of [1, 2]) {
      const r = await cli(['build', '--suite', suite, '--shard', 'auto', '--out', `built-${k}`, '--quiet'], cwd, SCHEDULERS['GitHub Actions matrix (explicit env)'](k));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`shard ${k}/2`);
      expect(read(cwd, `built-${k}`, 'samples.jsonl')).toBe(read(datasetOf(join(cwd, `shard-${k}`)), 'samples.jsonl'));
    }
  });

  it('--shard auto with no scheduler variables is a usage error naming what it looked for', async () => {
    const r = await cli(['run', '--suite', suite, '--shard', 'auto', '--out', 'none', '--quiet'], root, { CI: 'true' });
    expect(r.code).toBe(2);
    for (const v of ['GAUNTLET_SHARD_INDEX', 'CI_NODE_INDEX', 'JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX']) expect(r.stderr).toContain(v);
    const inconsistent = await cli(['build', '--suite', suite, '--shard', 'auto', '--quiet'], root, { JOB_COMPLETION_INDEX: '2', GAUNTLET_SHARD_COUNT: '2' });
    expect(inconsistent.code).toBe(2);
    expect(inconsistent.stderr).toContain('JOB_COMPLETION_INDEX=2 is not below GAUNTLET_SHARD_COUNT=2');
    expect(existsSync(join(root, 'none'))).toBe(false);
  });

  it('merge refuses a missing shard, a duplicate, and an --out onto a shard (even with --force), leaving the shard intact', async () => {
    const cwd = join(root, dirName('GitLab parallel'));
    const before = read(cwd, 'shard-1', 'scores.jsonl');
    const missing = await cli(['merge', 'shard-2', '--out', 'm1'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing shard 1 of 2/);
    const twice = await cli(['merge', 'shard-1', 'shard-1', 'shard-2', '--out', 'm2'], cwd);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard 1\/2 given 2 times/);
    for (const out of ['shard-1', '.', 'shard-1/merged']) {
      const onto = await cli(['merge', 'shard-2', 'shard-1', '--out', out, '--force'], cwd);
      expect(onto.code, out).toBe(2);
      expect(onto.stderr).toMatch(/--out .* (is|contains|is inside) the shard run/);
    }
    expect(read(cwd, 'shard-1', 'scores.jsonl')).toBe(before);
    expect(existsSync(join(cwd, 'shard-1', 'merged'))).toBe(false);
  });
});
