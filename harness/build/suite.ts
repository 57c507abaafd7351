import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Suite, ThresholdPolicy } from '../../core/types.js';
import { TASKS } from '../../core/types.js';
import { GauntletError, usageError } from '../../core/errors.js';
import { importUserModule, USER_MODULE_EXTENSIONS } from '../../core/user-module.js';
import { formatThresholdPolicy, readThresholdPolicy } from '../evaluate/threshold-policy.js';
import { assertKnownParams } from '../../generators/chain.js';
import { findDetector } from '../../detectors/registry.js';

/**
 * Bounds on what one document may expand into: a document's samples are
 * built together in memory before they are written, so a suite asking for
 * 1e9 samples per source or 20,000 intensities would grow without writing
 * anything. Far above any useful suite; a bigger study is several suites.
 */
export const MAX_INTENSITIES = 101;
export const MAX_SAMPLES_PER_SOURCE = 100;
export const MAX_GENERATORS = 200;

const intensity = z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]');
const param = z.union([z.string(), z.number(), z.boolean()]);
const task = z.enum(TASKS as unknown as readonly ['tamper', 'reuse', 'consistency', 'spans']);

const generatorSpec = z.strictObject({
  name: z.string().min(1),
  label: z.string().min(1).optional(),
  intensities: z.array(intensity).min(1, 'needs at least one intensity').max(MAX_INTENSITIES, `at most ${MAX_INTENSITIES} intensities per generator (each one is a slice of every report table)`),
  params: z.record(z.string(), param).optional(),
  tasks: z.array(task).optional(),
});

const attackSpec = z.strictObject({
  name: z.string().min(1),
  label: z.string().min(1).optional(),
  intensity,
  params: z.record(z.string(), param).optional(),
  tasks: z.array(task).optional(),
});

const corpus = z.union([
  z.literal('embedded').transform(() => ({ kind: 'embedded' as const })),
  z.strictObject({ kind: z.literal('embedded'), limit: z.number().int().positive().optional() }),
  z.strictObject({ kind: z.literal('path'), path: z.string().min(1), limit: z.number().int().positive().optional(), textColumn: z.string().optional() }),
]);

/** Any number, Infinity and NaN too (an .mjs suite can hold them): the grammar below says what is wrong with it. */
const anyNumber = z.custom<number>((v) => typeof v === 'number');

/** The object form run.json stores. */
const storedThreshold = z.union([
  z.strictObject({ kind: z.literal('label') }),
  z.strictObject({ kind: z.literal('fixed'), value: anyNumber }),
  z.strictObject({ kind: z.literal('fpr'), target: anyNumber }),
]);

/**
 * A suite's threshold is written as on the command line (`"fpr:0.05"`, a bare
 * number) or as the stored object; both go through the one grammar, so a bad
 * value gets the same message as `--threshold` does. z.custom lets every
 * value through to that message; its type is what a suite author may write.
 */
const threshold = z.custom<string | number | ThresholdPolicy>(() => true).transform((value, ctx) => {
  const stored = storedThreshold.safeParse(value);
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : stored.success ? formatThresholdPolicy(stored.data) : String(JSON.stringify(value));
  const read = readThresholdPolicy(text);
  if ('policy' in read) return read.policy;
  ctx.addIssue({ code: 'custom', message: read.problem });
  return z.NEVER;
});

/** A generator's key in sample ids and slice names: its label, else its name and sorted params. */
export function generatorKey(spec: { name: string; label?: string; params?: Record<string, unknown> }): string {
  if (spec.label) return spec.label;
  const params = Object.entries(spec.params ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return params.length === 0 ? spec.name : `${spec.name}[${params.map(([k, v]) => `${k}=${String(v)}`).join(',')}]`;
}

/**
 * Sample ids are task/document/key/intensity/index, so two generators with
 * one key, or one intensity listed twice, would build duplicate ids that
 * only fail at the report, after everything was scored.
 */
function uniqueKeys(specs: ReadonlyArray<{ name: string; label?: string; params?: Record<string, unknown>; intensities?: number[]; intensity?: number }>, field: string, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  specs.forEach((spec, i) => {
    const key = generatorKey(spec);
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [field, i], message: `same key "${key}" as ${field}[${first}]: give one a distinct "label" (sample ids and slices are named by it)` });
    } else seen.set(key, i);
    const levels = spec.intensities ?? [];
    const twice = levels.find((x, k) => levels.indexOf(x) !== k);
    if (twice !== undefined) ctx.addIssue({ code: 'custom', path: [field, i, 'intensities'], message: `intensity ${twice} is listed twice` });
  });
}

export const suiteSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
  description: z.string().optional(),
  seed: z.union([z.number().int(), z.string().min(1)]).default(1),
  corpus: corpus.default({ kind: 'embedded' }),
  tasks: z.array(task).min(1, 'needs at least one task'),
  generators: z.array(generatorSpec).min(1, 'needs at least one generator').max(MAX_GENERATORS, `at most ${MAX_GENERATORS} generators`),
  negativeAttacks: z.array(attackSpec).default([]),
  samplesPerSource: z.number().int().positive().max(MAX_SAMPLES_PER_SOURCE, `at most ${MAX_SAMPLES_PER_SOURCE} (each draw is another sample of every generator and intensity of each document)`).default(1),
  calibrationShare: z.number().min(0).max(0.9).default(0.25),
  detectors: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
  threshold: threshold.optional(),
}).superRefine((suite, ctx) => {
  uniqueKeys(suite.generators, 'generators', ctx);
  uniqueKeys(suite.negativeAttacks, 'negativeAttacks', ctx);
});

export type SuiteInput = z.input<typeof suiteSchema>;
export type ValidSuite = z.output<typeof suiteSchema> & Suite;

/** Validates a suite object; errors name the file and the field path. */
export function validateSuite(value: unknown, where: string): ValidSuite {
  const parsed = suiteSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new GauntletError('CONFIG', `${where}: ${path === '' ? '' : `${path}: `}${issue.message}`);
  }
  return parsed.data as ValidSuite;
}

/** Folder of the named suites that ship with the tool. */
export function builtinSuiteDir(): string {
  // Sources run from harness/build/, the build from dist/harness/build/: the JSON files stay in the source tree.
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSource = join(here, 'suites');
  return existsSync(join(fromSource, 'default.json')) ? fromSource : join(here, '..', '..', '..', 'harness', 'build', 'suites');
}

export interface LoadedSuite {
  suite: ValidSuite;
  /** Where relative paths in the suite resolve from. */
  baseDir: string;
  /** File the suite came from, or `builtin:<name>`. */
  source: string;
}

/**
 * Loads a suite: a built-in name (`default`, `full`), a JSON file, or an ES
 * module whose default export is `defineSuite({...})`.
 */
export async function loadSuite(ref: string, cwd: string): Promise<LoadedSuite> {
  const builtin = join(builtinSuiteDir(), `${ref}.json`);
  if (!ref.includes('/') && !ref.includes('.') && existsSync(builtin)) {
    const suite = validateSuite(JSON.parse(readFileSync(builtin, 'utf8')), `suite "${ref}"`);
    await assertSuiteParams(suite, `suite "${ref}"`);
    return { suite, baseDir: cwd, source: `builtin:${ref}` };
  }
  const file = isAbsolute(ref) ? ref : resolve(cwd, ref);
  if (!existsSync(file)) throw usageError(`${ref}: suite not found (built-in suites: default, full; or a .json / .mjs / .ts file)`);
  const ext = extname(file).toLowerCase();
  let value: unknown;
  if (ext === '.json') {
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new GauntletError('CONFIG', `${ref}: not valid JSON (${(error as Error).message})`);
    }
  } else if (USER_MODULE_EXTENSIONS.has(ext)) {
    const mod = await importUserModule(file, ref, moduleLoadTimeoutMs());
    if (mod.default === undefined) throw new GauntletError('CONFIG', `${ref}: the module has no default export (export default defineSuite({...}))`);
    value = mod.default;
  } else {
    throw usageError(`${ref}: a suite is a .json file or an ES module (.mjs, or .ts through tsx)`);
  }
  const suite = validateSuite(value, ref);
  await assertSuiteParams(suite, ref);
  assertSuiteDetectorPaths(suite, dirname(file), ref);
  return { suite, baseDir: dirname(file), source: ref };
}

/**
 * The files a suite's `detectors` name (a .json config or a module, the
 * `path` of a module config, the `cwd` of an exec config) resolve against
 * the suite file's folder, like its corpus path. They are checked here, so
 * that a typo fails before the dataset build rather than after it.
 */
export function assertSuiteDetectorPaths(suite: ValidSuite, baseDir: string, where: string): void {
  for (const [i, spec] of (suite.detectors ?? []).entries()) {
    const field = `${where}: detectors[${i}]`;
    if (typeof spec === 'string') {
      if (findDetector(spec) || !/\.\w+$/.test(spec)) continue; // a built-in, or an unknown name loadDetector reports with the list of built-ins
      if (!existsSync(resolve(baseDir, spec))) throw new GauntletError('CONFIG', `${field}: detector file not found: ${spec} (looked in ${resolve(baseDir, spec)}; paths in a suite resolve against the suite file's folder)`);
      continue;
    }
    for (const key of ['path', 'cwd'] as const) {
      const value = spec[key];
      if ((key === 'path' && spec.type !== 'module') || (key === 'cwd' && spec.type !== 'exec') || typeof value !== 'string') continue;
      if (!existsSync(resolve(baseDir, value))) throw new GauntletError('CONFIG', `${field}.${key}: not found: ${value} (looked in ${resolve(baseDir, value)}; paths in a suite resolve against the suite file's folder)`);
    }
  }
}

/** Generator params are checked before the build starts, naming the file and field of an unknown one. */
export async function assertSuiteParams(suite: ValidSuite, where: string): Promise<void> {
  for (const [field, specs] of [['generators', suite.generators], ['negativeAttacks', suite.negativeAttacks]] as const) {
    for (const [i, spec] of specs.entries()) await assertKnownParams(spec.name, spec.params, `${where}: ${field}[${i}].params`);
  }
}

/** How long a suite module may take to load (a top-level await that never settles must not hang the CLI); GAUNTLET_MODULE_TIMEOUT_MS overrides. */
export function moduleLoadTimeoutMs(): number {
  const ms = Number(process.env.GAUNTLET_MODULE_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 30_000;
}
