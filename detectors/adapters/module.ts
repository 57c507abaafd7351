import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GauntletError } from '../../core/errors.js';
import { TASKS, type Detector, type DetectorItem, type ValidatedResult } from '../../core/types.js';
import { validateAnswers } from '../validate.js';

/**
 * The module adapter: an ES module whose default export (or `detector`
 * export) is `defineDetector({...})`. Its answers go through the same checks
 * as a subprocess's, so an in-process detector cannot slip a NaN or an
 * unknown id past the harness either.
 */
export async function importDetectorModule(path: string): Promise<{ detector: Detector; source: string }> {
  const source = readFileSync(path, 'utf8');
  const mod = (await import(pathToFileURL(path).href)) as { default?: unknown; detector?: unknown };
  const candidate = (mod.default ?? mod.detector) as Partial<Detector> | undefined;
  const problem =
    typeof candidate !== 'object' || candidate === null
      ? 'has no default export (expected export default defineDetector({...}))'
      : typeof candidate.score !== 'function'
        ? 'exports a detector without a score(items) function'
        : typeof candidate.name !== 'string' || candidate.name === ''
          ? 'exports a detector without a name'
          : candidate.tasks !== undefined && (!Array.isArray(candidate.tasks) || candidate.tasks.some((t) => !(TASKS as readonly string[]).includes(t)))
            ? `exports tasks ${JSON.stringify(candidate.tasks)}; known tasks: ${TASKS.join(', ')}`
            : undefined;
  if (problem) throw new Error(`${path} ${problem}`);
  return { detector: candidate as Detector, source };
}

/** Longest a module detector's init() may take by default (loading a model can be slow), in ms. */
export const MODULE_INIT_TIMEOUT_MS = 600_000;

/**
 * Wraps a detector so that every batch comes back as one checked result per
 * item, and an init() that never settles fails the run naming the detector
 * (exit 3) after `initTimeoutMs`, instead of hanging it or letting the CLI
 * exit with nothing done.
 */
export function checkedDetector(
  inner: Detector,
  overrides: Partial<Pick<Detector, 'name' | 'version' | 'tasks' | 'description'>>,
  onLog: (line: string) => void,
  initTimeoutMs = MODULE_INIT_TIMEOUT_MS,
): Detector {
  const name = overrides.name ?? inner.name;
  return {
    name,
    version: overrides.version ?? inner.version ?? '0',
    tasks: overrides.tasks ?? inner.tasks ?? TASKS,
    description: overrides.description ?? inner.description,
    init: inner.init ? (context) => initWithin(name, () => inner.init!(context), initTimeoutMs) : undefined,
    async score(items: readonly DetectorItem[]): Promise<ValidatedResult[]> {
      return validateAnswers(items, await inner.score(items), onLog, name);
    },
    close: inner.close ? () => inner.close!() : undefined,
  };
}

async function initWithin(name: string, init: () => Promise<void> | void, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  // Not unref'd: an init waiting on nothing must still end in this error, not in an empty event loop.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GauntletError('RUNTIME', `detector "${name}": init() did not settle within ${ms} ms (raise startupTimeoutMs in its config if it needs longer)`)), ms);
  });
  try {
    await Promise.race([Promise.resolve().then(init), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
