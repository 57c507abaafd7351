import { usageError } from '../../core/errors.js';
import { REDACTED } from '../../core/redact.js';
import { loadDetector } from '../../detectors/load.js';
import { DETECTORS } from '../../detectors/registry.js';
import type { ValidSuite } from '../build/suite.js';
import type { LoadedDetector } from './runner.js';

/** The detectors a run uses: those asked for, else the suite's, else every built-in for the suite's tasks. */
export async function resolveDetectors(
  specs: Array<string | Record<string, unknown>>,
  suite: ValidSuite,
  baseDir: string,
  onLog?: (line: string) => void,
  onWarn?: (message: string) => void,
): Promise<LoadedDetector[]> {
  const fromSuite = specs.length === 0 && suite.detectors !== undefined && suite.detectors.length > 0;
  const chosen = specs.length > 0 ? specs : fromSuite ? suite.detectors! : DETECTORS.filter((d) => d.tasks.some((t) => suite.tasks.includes(t))).map((d) => d.name);
  const loaded: LoadedDetector[] = [];
  try {
    for (const [i, spec] of chosen.entries()) await loadOne(spec, i);
  } catch (error) {
    // Started exec processes would keep the CLI alive after this error: close them first.
    await Promise.allSettled(loaded.map(async (l) => l.detector.close?.()));
    throw error;
  }
  return loaded;

  async function loadOne(spec: string | Record<string, unknown>, i: number): Promise<void> {
    if (typeof spec !== 'string' && JSON.stringify(spec).includes(REDACTED)) {
      throw usageError(`${fromSuite ? `suite "${suite.name}": detectors[${i}]` : 'a detector config'} lost its secrets (header or env values, URL credentials) when it was stored; give the detector again with --detector`);
    }
    const { detector, identity, ...rest } = await loadDetector(spec, baseDir, { onLog, onWarn, where: fromSuite ? `suite "${suite.name}": detectors[${i}]` : undefined });
    if (loaded.some((l) => l.detector.name === detector.name)) {
      await detector.close?.();
      throw usageError(`two detectors are named "${detector.name}"; give one a "name" in its config`);
    }
    loaded.push({ detector, identity, spec, baseDir, ...(rest as Partial<LoadedDetector>) });
  }
}
