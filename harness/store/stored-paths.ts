/**
 * Paths as run.json stores them. A committed run, or one copied to another
 * machine, must neither leak the maker's home directory nor stop resolving:
 * every path is relative, to the run directory (baseDir, datasetDir) or to
 * the record's baseDir (detector files), and resume resolves them back.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { findDetector } from '../../detectors/registry.js';

/** `path` (relative to `from`, or absolute) as a path relative to `to`; kept as written when it already was relative to `to`. */
export function rebasePath(path: string, from: string, to: string): string {
  if (!isAbsolute(path) && resolve(from) === resolve(to)) return path;
  const rel = relative(to, resolve(from, path));
  // Another drive (Windows) has no relative path: the absolute one is the only one that resolves.
  return isAbsolute(rel) ? resolve(from, path) : rel.split(sep).join('/') || '.';
}

/**
 * A detector spec with its file paths rebased from the folder it was
 * loaded against (`from`: the suite file's for a suite's detectors, the
 * working directory for `--detector`) to the record's baseDir (`to`): a
 * .json / module path given by name, a module config's `path`, an exec
 * config's `cwd` (its command's relative arguments resolve against that).
 * Built-in names and http configs have no paths.
 */
export function rebaseDetectorSpec(spec: string | Record<string, unknown>, from: string, to: string): string | Record<string, unknown> {
  if (typeof spec === 'string') return findDetector(spec) || !/\.\w+$/.test(spec) ? spec : rebasePath(spec, from, to);
  if (spec.type === 'module' && typeof spec.path === 'string') return { ...spec, path: rebasePath(spec.path, from, to) };
  if (spec.type === 'exec') {
    const cwd = typeof spec.cwd === 'string' ? spec.cwd : '.';
    const rebased = rebasePath(cwd, from, to);
    return rebased === cwd ? spec : { ...spec, cwd: rebased };
  }
  return spec;
}
