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
): Promise<LoadedDetector[]> {
  const fromSuite = specs.length === 0 && suite.detectors !== undefined && suite.detectors.length > 0;
  const chosen = specs.length > 0 ? specs : fromSuite ? suite.detectors! : DETECTORS.filter((d) => d.tasks.some((t) => suite.tasks.includes(t))).map((d) => d.name);
  const loaded: LoadedDetector[] = [];
  for (const [i, spec] of chosen.entries()) {
    if (typeof spec !== 'string' && JSON.stringify(spec).includes(REDACTED)) {
      throw usageError(`${fromSuite ? `suite "${suite.name}": detectors[${i}]` : 'a detector config'} lost its secrets (header or env values, URL credentials) when it was stored; give the detector again with --detector`);
    }
    const { detector, identity, ...rest } = await loadDetector(spec, baseDir, { onLog, where: fromSuite ? `suite "${suite.name}": detectors[${i}]` : undefined });
    if (loaded.some((l) => l.detector.name === detector.name)) throw usageError(`two detectors are named "${detector.name}"; give one a "name" in its config`);
    loaded.push({ detector, identity, spec, baseDir, ...(rest as Partial<LoadedDetector>) });
  }
  return loaded;
}
