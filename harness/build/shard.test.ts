import { describe, expect, it } from 'vitest';
import { parseShard, shardFromEnv } from './shard.js';
import { GauntletError } from '../../core/errors.js';

/** The usage error's message, failing the test when `f` does not throw one. */
function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GauntletError);
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseShard', () => {
  it('reads i/n and refuses what is not 1 <= i <= n', () => {
    expect(parseShard(undefined)).toBeUndefined();
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'x/y', true]) expect(usageMessage(() => parseShard(bad))).toMatch(/i\/n .*or auto/);
  });

  it('auto reads the environment given, not the process environment', () => {
    expect(parseShard('auto', { CI_NODE_INDEX: '2', CI_NODE_TOTAL: '2' })).toEqual({ index: 2, count: 2 });
    expect(usageMessage(() => parseShard('auto', {}))).toMatch(/found no shard/);
  });
});

describe('shardFromEnv: one case per scheduler', () => {
  const shard = (env: Record<string, string>) => shardFromEnv(env).shard;

  it('explicit GAUNTLET_SHARD_INDEX (1-based, e.g. from a GitHub Actions matrix)', () => {
    expect(shard({ GAUNTLET_SHARD_INDEX: '1', GAUNTLET_SHARD_COUNT: '4' })).toEqual({ index: 1, count: 4 });
    expect(shard({ GAUNTLET_SHARD_INDEX: '4', GAUNTLET_SHARD_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    expect(usageMessage(() => shard({ GAUNTLET_SHARD_INDEX: '0', GAUNTLET_SHARD_COUNT: '4' }))).toMatch(/GAUNTLET_SHARD_INDEX=0 is outside 1\.\.GAUNTLET_SHARD_COUNT=4.*counts from 1/);
    expect(usageMessage(() => shard({ GAUNTLET_SHARD_INDEX: '2' }))).toMatch(/GAUNTLET_SHARD_INDEX is set but not GAUNTLET_SHARD_COUNT/);
  });

  it('GitLab parallel: CI_NODE_INDEX / CI_NODE_TOTAL, 1-based', () => {
    expect(shard({ CI_NODE_INDEX: '1', CI_NODE_TOTAL: '3' })).toEqual({ index: 1, count: 3 });
    expect(shard({ CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3' })).toEqual({ index: 3, count: 3 });
    expect(usageMessage(() => shard({ CI_NODE_INDEX: '4', CI_NODE_TOTAL: '3' }))).toMatch(/CI_NODE_INDEX=4 is outside 1\.\.CI_NODE_TOTAL=3/);
    expect(usageMessage(() => shard({ CI_NODE_INDEX: 'two', CI_NODE_TOTAL: '3' }))).toMatch(/CI_NODE_INDEX must be a whole number, got "two"/);
  });

  it('Kubernetes Indexed Job: JOB_COMPLETION_INDEX is 0-based, the count comes from GAUNTLET_SHARD_COUNT', () => {
    expect(shard({ JOB_COMPLETION_INDEX: '0', GAUNTLET_SHARD_COUNT: '2' })).toEqual({ index: 1, count: 2 });
    expect(shard({ JOB_COMPLETION_INDEX: '1', GAUNTLET_SHARD_COUNT: '2' })).toEqual({ index: 2, count: 2 });
    expect(usageMessage(() => shard({ JOB_COMPLETION_INDEX: '2', GAUNTLET_SHARD_COUNT: '2' }))).toMatch(/JOB_COMPLETION_INDEX=2 is not below GAUNTLET_SHARD_COUNT=2/);
    expect(usageMessage(() => shard({ JOB_COMPLETION_INDEX: '0' }))).toMatch(/Kubernetes.*set GAUNTLET_SHARD_COUNT to the Job's completions/);
  });

  it('Slurm array: the position in the array, whether ids start at 0 or 1 (or step)', () => {
    expect(shard({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 1, count: 4 });
    expect(shard({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    expect(shard({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 1, count: 4 });
    expect(shard({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    expect(shard({ SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    // --array=1,3,7: three tasks, ids with gaps Slurm gives no position for.
    expect(usageMessage(() => shard({ SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' }))).toMatch(/SLURM_ARRAY_TASK_ID=7.*not a task of a contiguous array of 3/);
    expect(usageMessage(() => shard({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' }))).toMatch(/not SLURM_ARRAY_TASK_MIN/);
    expect(usageMessage(() => shard({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1' }))).toMatch(/not SLURM_ARRAY_TASK_COUNT/);
  });

  it('AWS Batch array: AWS_BATCH_JOB_ARRAY_INDEX is 0-based, the count comes from GAUNTLET_SHARD_COUNT', () => {
    expect(shard({ AWS_BATCH_JOB_ARRAY_INDEX: '0', GAUNTLET_SHARD_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(shard({ AWS_BATCH_JOB_ARRAY_INDEX: '2', GAUNTLET_SHARD_COUNT: '3' })).toEqual({ index: 3, count: 3 });
    expect(usageMessage(() => shard({ AWS_BATCH_JOB_ARRAY_INDEX: '3', GAUNTLET_SHARD_COUNT: '3' }))).toMatch(/AWS_BATCH_JOB_ARRAY_INDEX=3 is not below GAUNTLET_SHARD_COUNT=3/);
    expect(usageMessage(() => shard({ AWS_BATCH_JOB_ARRAY_INDEX: '1' }))).toMatch(/AWS Batch.*GAUNTLET_SHARD_COUNT/);
  });

  it('names every variable it looked for when none is set', () => {
    const message = usageMessage(() => shardFromEnv({ HOME: '/root', CI: 'true' }));
    for (const v of ['GAUNTLET_SHARD_INDEX', 'GAUNTLET_SHARD_COUNT', 'CI_NODE_INDEX', 'CI_NODE_TOTAL', 'JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT', 'SLURM_ARRAY_TASK_MIN', 'AWS_BATCH_JOB_ARRAY_INDEX']) {
      expect(message).toContain(v);
    }
  });

  it('an explicit GAUNTLET_SHARD_INDEX wins over a scheduler variable also present', () => {
    expect(shardFromEnv({ GAUNTLET_SHARD_INDEX: '2', GAUNTLET_SHARD_COUNT: '2', SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '2' })).toEqual({
      shard: { index: 2, count: 2 },
      from: 'explicit (GitHub Actions matrix or any engine) (GAUNTLET_SHARD_INDEX=2, GAUNTLET_SHARD_COUNT=2)',
    });
  });
});
