import { usageError } from '../../core/errors.js';
import type { Shard } from '../store/dataset-dir.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where `--shard auto` found its shard: a scheduler and the variables read. */
export interface ShardSource {
  shard: Shard;
  /** e.g. "Slurm array (SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=4)". */
  from: string;
}

/**
 * Parses `--shard i/n` (1 <= i <= n), or `--shard auto`, which reads the
 * shard from the batch scheduler's environment (see {@link shardFromEnv}).
 */
export function parseShard(raw: unknown, env: Env = {}): Shard | undefined {
  if (raw === undefined) return undefined;
  if (String(raw) === 'auto') return shardFromEnv(env).shard;
  const m = /^(\d+)\/(\d+)$/.exec(String(raw));
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw usageError(`--shard must be i/n with 1 <= i <= n, or auto, got "${String(raw)}"`);
  return { index, count };
}

/**
 * One scheduler's convention. `read` returns undefined when the scheduler's
 * index variable is absent (not this scheduler), and throws when it is
 * present but incomplete or inconsistent: a job that is clearly sharded
 * must never fall through to another reading, or to the whole suite.
 */
interface Convention {
  /** The variables named in the "none found" message. */
  vars: string;
  read(env: Env): ShardSource | undefined;
}

/**
 * The conventions, most explicit first: GAUNTLET_SHARD_INDEX is what a user
 * sets on purpose (a GitHub Actions matrix has no variable of its own), so it
 * wins over whatever a scheduler also happens to set.
 */
const CONVENTIONS: readonly Convention[] = [
  {
    vars: 'GAUNTLET_SHARD_INDEX (1-based) + GAUNTLET_SHARD_COUNT',
    read: (env) => oneBased(env, 'explicit (GitHub Actions matrix or any engine)', 'GAUNTLET_SHARD_INDEX', 'GAUNTLET_SHARD_COUNT'),
  },
  {
    vars: 'CI_NODE_INDEX + CI_NODE_TOTAL (GitLab parallel)',
    read: (env) => oneBased(env, 'GitLab parallel', 'CI_NODE_INDEX', 'CI_NODE_TOTAL'),
  },
  {
    vars: 'JOB_COMPLETION_INDEX + GAUNTLET_SHARD_COUNT (Kubernetes Indexed Job)',
    read: (env) => zeroBased(env, 'Kubernetes Indexed Job', 'JOB_COMPLETION_INDEX', "the Job's completions"),
  },
  {
    vars: 'SLURM_ARRAY_TASK_ID + SLURM_ARRAY_TASK_COUNT + SLURM_ARRAY_TASK_MIN (Slurm array)',
    read: slurm,
  },
  {
    vars: 'AWS_BATCH_JOB_ARRAY_INDEX + GAUNTLET_SHARD_COUNT (AWS Batch array)',
    read: (env) => zeroBased(env, 'AWS Batch array', 'AWS_BATCH_JOB_ARRAY_INDEX', "the array job's size"),
  },
];

/**
 * The shard of this process from its scheduler's environment, as a 1-based
 * `{index, count}` like `--shard i/n`. A pure function of `env`. Throws a
 * usage error naming the variables it looked for when no scheduler's are
 * set, and naming the variables when they are inconsistent.
 */
export function shardFromEnv(env: Env): ShardSource {
  for (const convention of CONVENTIONS) {
    const found = convention.read(env);
    if (found) return found;
  }
  throw usageError(
    `--shard auto found no shard in the environment; it looks for ${CONVENTIONS.map((c) => c.vars).join('; ')}. Set one of these (see docs/scale.md) or pass --shard i/n`,
  );
}

/** GAUNTLET_SHARD_INDEX and GitLab's CI_NODE_INDEX count from 1, like `--shard i/n`. */
function oneBased(env: Env, scheduler: string, indexVar: string, countVar: string): ShardSource | undefined {
  const rawIndex = env[indexVar];
  if (rawIndex === undefined || rawIndex === '') return undefined;
  const index = whole(env, indexVar, scheduler);
  const count = countOf(env, countVar, scheduler, indexVar);
  if (index < 1 || index > count) throw usageError(`--shard auto (${scheduler}): ${indexVar}=${index} is outside 1..${countVar}=${count} (${indexVar} counts from 1)`);
  return { shard: { index, count }, from: `${scheduler} (${indexVar}=${index}, ${countVar}=${count})` };
}

/**
 * Kubernetes and AWS Batch number array members from 0 and do not put the
 * array's size in the environment, so the count comes from
 * GAUNTLET_SHARD_COUNT, set in the job template.
 */
function zeroBased(env: Env, scheduler: string, indexVar: string, countMeaning: string): ShardSource | undefined {
  const rawIndex = env[indexVar];
  if (rawIndex === undefined || rawIndex === '') return undefined;
  const zero = whole(env, indexVar, scheduler);
  if (env.GAUNTLET_SHARD_COUNT === undefined || env.GAUNTLET_SHARD_COUNT === '') {
    throw usageError(`--shard auto (${scheduler}): ${indexVar}=${zero} is set but not the shard count; set GAUNTLET_SHARD_COUNT to ${countMeaning} in the job's environment`);
  }
  const count = countOf(env, 'GAUNTLET_SHARD_COUNT', scheduler, indexVar);
  if (zero >= count) throw usageError(`--shard auto (${scheduler}): ${indexVar}=${zero} is not below GAUNTLET_SHARD_COUNT=${count} (${indexVar} counts from 0; is the count ${countMeaning}?)`);
  return { shard: { index: zero + 1, count }, from: `${scheduler} (${indexVar}=${zero}, GAUNTLET_SHARD_COUNT=${count})` };
}

/**
 * Slurm task ids are whatever `--array` said: 0-3, 1-4, or 0-6:2. The
 * shard is the task's position in that range, so the same script works
 * whichever base the user picked; a list with gaps (1,3,7) has no position
 * Slurm tells us, and is refused rather than guessed.
 */
function slurm(env: Env): ShardSource | undefined {
  const scheduler = 'Slurm array';
  if (env.SLURM_ARRAY_TASK_ID === undefined || env.SLURM_ARRAY_TASK_ID === '') return undefined;
  const id = whole(env, 'SLURM_ARRAY_TASK_ID', scheduler);
  const count = countOf(env, 'SLURM_ARRAY_TASK_COUNT', scheduler, 'SLURM_ARRAY_TASK_ID');
  if (env.SLURM_ARRAY_TASK_MIN === undefined || env.SLURM_ARRAY_TASK_MIN === '') {
    throw usageError(`--shard auto (${scheduler}): SLURM_ARRAY_TASK_ID=${id} is set but not SLURM_ARRAY_TASK_MIN, so it is unknown whether ids start at 0 or 1; run under sbatch --array, or pass --shard i/n`);
  }
  const min = whole(env, 'SLURM_ARRAY_TASK_MIN', scheduler);
  const step = env.SLURM_ARRAY_TASK_STEP === undefined || env.SLURM_ARRAY_TASK_STEP === '' ? 1 : whole(env, 'SLURM_ARRAY_TASK_STEP', scheduler);
  const offset = id - min;
  const vars = `SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_COUNT=${count}${step === 1 ? '' : `, SLURM_ARRAY_TASK_STEP=${step}`}`;
  if (step < 1 || offset < 0 || offset % step !== 0 || offset / step >= count) {
    throw usageError(`--shard auto (${scheduler}): ${vars} is not a task of a contiguous array of ${count}; use --array=MIN-MAX (e.g. --array=1-${count}) or pass --shard i/n`);
  }
  return { shard: { index: offset / step + 1, count }, from: `${scheduler} (${vars})` };
}

function countOf(env: Env, countVar: string, scheduler: string, indexVar: string): number {
  if (env[countVar] === undefined || env[countVar] === '') throw usageError(`--shard auto (${scheduler}): ${indexVar} is set but not ${countVar}, the number of shards`);
  const count = whole(env, countVar, scheduler);
  if (count < 1) throw usageError(`--shard auto (${scheduler}): ${countVar} must be at least 1, got ${count}`);
  return count;
}

function whole(env: Env, name: string, scheduler: string): number {
  const raw = env[name] ?? '';
  if (!/^\s*\d+\s*$/.test(raw)) throw usageError(`--shard auto (${scheduler}): ${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}
