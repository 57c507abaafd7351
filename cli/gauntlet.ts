#!/usr/bin/env node
import { main } from './main.js';
import { processIO } from './io.js';
import { exitCodeOf } from './exit-code.js';
import { terminalSafe } from '../core/terminal.js';
import { keepHeapNearLiveSet } from './heap.js';

keepHeapNearLiveSet(process.execArgv);

/** Exit code of a run cut short: the same as an interrupted run's (exitCodeOf's 'interrupted'). */
const FORCED_EXIT = 3;
const argv = process.argv.slice(2);
let settled = false;
let signals = 0;

/**
 * SIGINT and SIGTERM. The first belongs to the command when it listens (run
 * stops after the batches in flight: status interrupted, exit 3). A second
 * one, or one that no command listens for, ends the process at once; exit
 * hooks still run, so locks are released and detector process groups killed
 * (they sit in their own groups and no longer get the terminal's Ctrl-C).
 */
function onSignal(signal: NodeJS.Signals): void {
  signals++;
  // Registered before main runs, so a command's own listener is still counted here.
  if (signals === 1 && process.listenerCount(signal) > 1) return;
  process.stderr.write(`\ngauntlet: ${signal}${signals > 1 ? ' again' : ''}: stopping now\n`);
  process.exit(FORCED_EXIT);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// The event loop drained while main was still pending: something awaited a promise that nothing will settle.
// Exiting 0 here would report work that was never done.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.stderr.write(
    `gauntlet: internal error: a promise never settled (gauntlet ${terminalSafe(argv[0] ?? '')} stopped with nothing left to wait for: ` +
      `a detector's init() or close(), or a module's top-level await, that never finishes?)\n`,
  );
  process.exit(FORCED_EXIT);
});

// The only place that sets the exit code: commands return outcomes, exitCodeOf maps them.
main(argv, processIO()).then(
  (outcome) => {
    settled = true;
    process.exitCode = exitCodeOf(outcome);
  },
  (error: unknown) => {
    settled = true;
    process.stderr.write(`gauntlet: ${terminalSafe(String(error))}\n`);
    process.exitCode = exitCodeOf({ kind: 'failed', error });
  },
);
