import { appendFileSync, existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from './run-dir.js';

/** What a run log may hold before it rotates: a chatty detector's stderr must not fill the disk. */
export const LOG_CAP_BYTES = 8 * 1024 * 1024;

export interface RunLog {
  /** Appends one line (buffered until `attach` when the run directory does not exist yet). */
  write(line: string): void;
  /** Starts writing into the run directory's log.txt, flushing the lines logged before. */
  attach(dir: string): void;
  /** Lines dropped by rotation so far (the console says so once). */
  readonly rotated: number;
}

/**
 * The run's log.txt (detector stderr, restarts, rejected answers). When it
 * passes `capBytes` it is moved to log.txt.1 (replacing an older one) and a
 * new log.txt starts, so a run keeps at most about twice the cap and always
 * its latest lines; `onRotate` is called the first time, with the path.
 */
export function createRunLog(options: { capBytes?: number; onRotate?: (path: string) => void } = {}): RunLog {
  const cap = options.capBytes ?? LOG_CAP_BYTES;
  let path: string | undefined;
  let size = 0;
  let rotated = 0;
  const early: string[] = [];
  const append = (text: string) => {
    if (path === undefined) return;
    const bytes = Buffer.byteLength(text);
    if (size > 0 && size + bytes > cap) {
      renameSync(path, `${path}.1`);
      if (rotated === 0) options.onRotate?.(path);
      rotated++;
      size = 0;
    }
    appendFileSync(path, text);
    size += bytes;
  };
  return {
    write(line) {
      if (path === undefined) early.push(line);
      else append(`${line}\n`);
    },
    attach(dir) {
      path = join(dir, RUN_FILES.log);
      size = existsSync(path) ? statSync(path).size : 0;
      if (early.length > 0) append(`${early.join('\n')}\n`);
      early.length = 0;
    },
    get rotated() {
      return rotated;
    },
  };
}

