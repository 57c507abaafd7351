import { usageError } from '../../core/errors.js';
import { REDACTED } from '../../core/redact.js';
import { loadDetector } from '../../detectors/load.js';
import { DETECTORS } from '../../detectors/registry.js';
import type { ValidSuite } from '../build/suite.js';
import type { LoadedDetector } from './runner.js';

/** More options of {@link resolveDetectors}. */
export interface ResolveDetectorsOptions {
  /** Receives what the user should hear about now: a detector given every task because nothing named its tasks. */
  onNotice?: (message: string) => void;
  /** Folder the suite's own `detectors` resolve against: the suite file's (default: `baseDir`). */
  suiteBaseDir?: string;
  /** What to tell the user to do about a stored config that lost its secrets (default: give it again with --detector). */
  lostSecretsHint?: string;
}

/**
 * The detectors a run uses: those asked for (paths relative to `baseDir`),
 * else the suite's (relative to the suite file's folder), else every
 * built-in for the suite's tasks. `onLog` gets the detectors' stderr and
 * protocol complaints (the run's log.txt); `onWarn` the notes about what
 * only went there (see LoadOptions.onWarn).
 */
export async function resolveDetectors(
  specs: Array<string | Record<string, unknown>>,
  suite: ValidSuite,
  baseDir: string,
  onLog?: (line: string) => void,
  onWarn?: (message: string) => void,
  options: ResolveDetectorsOptions = {},
): Promise<LoadedDetector[]> {
  const { onNotice, suiteBaseDir, lostSecretsHint = 'give the detector again with --detector' } = options;
  const fromSuite = specs.length === 0 && suite.detectors !== undefined && suite.detectors.length > 0;
  const chosen = specs.length > 0 ? specs : fromSuite ? suite.detectors! : DETECTORS.filter((d) => d.tasks.some((t) => suite.tasks.includes(t))).map((d) => d.name);
  const dir = fromSuite ? (suiteBaseDir ?? baseDir) : baseDir;
  const loaded: LoadedDetector[] = [];
  try {
    for (const [i, spec] of chosen.entries()) {
      // run.json and a dataset's manifest keep configs without their secrets (core/redact.ts): such a copy cannot be started.
      if (typeof spec !== 'string' && JSON.stringify(spec).includes(REDACTED)) {
        const which = fromSuite ? `suite "${suite.name}": detectors[${i}]` : `detector ${JSON.stringify(spec.name ?? spec.url ?? spec.command ?? '?')}`;
        throw usageError(`${which} lost its secrets (header or env values, URL credentials) when it was stored; ${lostSecretsHint}`);
      }
      const { detector, identity, tasksDefaulted, ...rest } = await loadDetector(spec, dir, { onLog, onWarn, where: fromSuite ? `suite "${suite.name}": detectors[${i}]` : undefined });
      if (loaded.some((l) => l.detector.name === detector.name)) {
        await detector.close?.();
        throw usageError(`two detectors are named "${detector.name}"; give one a "name" in its config`);
      }
      if (tasksDefaulted) onNotice?.(tasksDefaultedNotice(detector.name, detector.tasks.filter((t) => suite.tasks.includes(t))));
      loaded.push({ detector, identity, spec, baseDir: dir, ...(rest as Partial<LoadedDetector>) });
    }
  } catch (error) {
    // Detectors started so far (exec processes) would keep the CLI alive after this error.
    await Promise.allSettled(loaded.map(async (l) => l.detector.close?.()));
    throw error;
  }
  return loaded;
}

/** Said when nothing named a detector's tasks: it is scored on every task of the suite, which fills the report with rows it never meant to answer. */
export function tasksDefaultedNotice(name: string, given: readonly string[]): string {
  return `detector "${name}" names no tasks (none in its config, module or handshake), so it is scored on every task of the suite: ${given.join(', ')}; give its config "tasks" (e.g. ["reuse"]) to score only what it answers`;
}
