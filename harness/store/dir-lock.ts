import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../../core/errors.js';
import { processAlive } from '../../core/process-alive.js';

/** The lock file inside a run or dataset directory while a process writes it. */
export const LOCK_FILE = '.lock';

const held = new Set<string>();
let exitHookInstalled = false;

/**
 * Takes the exclusive write lock of a directory: a `.lock` file created with
 * O_EXCL holding the owner's pid. A second writer fails at once, naming the
 * holder; a lock left by a process that no longer exists is taken over.
 * Released by the returned function, and in any case when the process exits.
 */
export function lockDir(dir: string, what: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(path);
      installExitHook();
      return () => release(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(path);
      if (holder !== undefined && holder !== process.pid && processAlive(holder)) {
        throw usageError(`${dir}: another gauntlet process (pid ${holder}) is writing this ${what}; wait for it, or stop it`);
      }
      if (holder === process.pid && held.has(path)) throw usageError(`${dir}: this ${what} is already open for writing in this process`);
      // Stale: its writer died without releasing it.
      rmSync(path, { force: true });
    }
  }
  throw usageError(`${dir}: could not take the ${what}'s lock (${path})`);
}

/** True when a live process holds the directory's lock (not this one). */
export function isLockedByOther(dir: string): boolean {
  const holder = lockHolder(join(dir, LOCK_FILE));
  return holder !== undefined && holder !== process.pid && processAlive(holder);
}

function lockHolder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}


function release(path: string): void {
  if (!held.delete(path)) return;
  if (lockHolder(path) === process.pid) rmSync(path, { force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const path of [...held]) if (existsSync(path)) release(path);
  });
}
