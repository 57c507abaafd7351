import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Suite, ThresholdPolicy } from '../../core/types.js';
import { TASKS } from '../../core/types.js';
import { GauntletError, usageError } from '../../core/errors.js';
import { formatThresholdPolicy, readThresholdPolicy } from '../evaluate/threshold-policy.js';

const intensity = z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]');
const param = z.union([z.string(), z.number(), z.boolean()]);
const task = z.enum(TASKS as unknown as readonly ['tamper', 'reuse', 'consistency', 'spans']);

const generatorSpec = z.strictObject({
  name: z.string().min(1),
  label: z.string().min(1).optional(),
  intensities: z.array(intensity).min(1, 'needs at least one intensity'),
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

export const suiteSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
  description: z.string().optional(),
  seed: z.union([z.number().int(), z.string().min(1)]).default(1),
  corpus: corpus.default({ kind: 'embedded' }),
  tasks: z.array(task).min(1, 'needs at least one task'),
  generators: z.array(generatorSpec).min(1, 'needs at least one generator'),
  negativeAttacks: z.array(attackSpec).default([]),
  samplesPerSource: z.number().int().positive().default(1),
  calibrationShare: z.number().min(0).max(0.9).default(0.25),
  detectors: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
  threshold: threshold.optional(),
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
    return { suite: validateSuite(JSON.parse(readFileSync(builtin, 'utf8')), `suite "${ref}"`), baseDir: cwd, source: `builtin:${ref}` };
  }
  const file = isAbsolute(ref) ? ref : resolve(cwd, ref);
  if (!existsSync(file)) throw usageError(`${ref}: suite not found (built-in suites: default, full; or a .json / .mjs file)`);
  const ext = extname(file).toLowerCase();
  let value: unknown;
  if (ext === '.json') {
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new GauntletError('CONFIG', `${ref}: not valid JSON (${(error as Error).message})`);
    }
  } else if (ext === '.mjs' || ext === '.js') {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    if (mod.default === undefined) throw new GauntletError('CONFIG', `${ref}: the module has no default export (export default defineSuite({...}))`);
    value = mod.default;
  } else {
    throw usageError(`${ref}: a suite is a .json file or an ES module (.mjs)`);
  }
  return { suite: validateSuite(value, ref), baseDir: dirname(file), source: ref };
}
