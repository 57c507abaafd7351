import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past the live set before its next full
 * collection, in percent. V8 scales that step with its heap ceiling, which
 * is 4 GB on a machine with 16 GB or more: `npm start`, whose live set is
 * 70-100 MB, peaked at 420-490 MB of RSS, most of it garbage not yet
 * collected (heap 225 MB before a forced collection, 68 MB after). With a
 * 20% step the same run peaked at 336 MB for ~6% more CPU. Unlike a
 * ceiling (--max-old-space-size) this never makes a large run fail: the
 * heap still grows as far as the live set needs.
 */
export const HEAP_GROWING_PERCENT = 20;

/**
 * Sets the step for this process, worker threads included, unless the user
 * started node with their own (`node --heap-growing-percent=N`; NODE_OPTIONS
 * does not accept the flag).
 */
export function keepHeapNearLiveSet(execArgv: readonly string[]): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
