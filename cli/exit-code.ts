import { exitCodeFor } from '../core/errors.js';
import type { Outcome } from './command.js';

/**
 * The one mapping from how an invocation ended to the process's exit code:
 *
 * - 0: the command did its job;
 * - 1: a --fail-on gate failed;
 * - 2: bad usage, configuration or input (a GauntletError USAGE, CONFIG or INPUT), or no command;
 * - 3: a runtime failure, an unexpected error, or an interrupted run.
 *
 * Pure, so every outcome is testable without a process.
 */
export function exitCodeOf(outcome: Outcome): number {
  switch (outcome.kind) {
    case 'ok':
      return 0;
    case 'gate-failed':
      return 1;
    case 'no-command':
      return 2;
    case 'interrupted':
      return 3;
    case 'failed':
      return exitCodeFor(outcome.error);
  }
}
