import type { Violation } from '../harness/evaluate/rules.js';
import type { CliIO } from './io.js';

/** Options as cac parses them: repeated flags become arrays. */
export type Options = Record<string, unknown>;

/**
 * How a command ended, when it did not throw. Commands report what happened;
 * only cli/exit-code.ts decides what exit code that is.
 */
export type CommandOutcome =
  | { kind: 'ok' }
  /** A --fail-on rule broke on at least one slice (the command has named them). */
  | { kind: 'gate-failed'; violations: readonly Violation[] }
  /** SIGINT/SIGTERM stopped the run; its finished items are kept in `runDir`. */
  | { kind: 'interrupted'; runDir: string };

/** How the whole invocation ended: a command's outcome, or what main() caught around it. */
export type Outcome =
  | CommandOutcome
  /** No command given: the usage was printed. */
  | { kind: 'no-command' }
  /** A command (or the parser) threw; the message has been printed. */
  | { kind: 'failed'; error: unknown };

/** One command of the table in cli/main.ts. */
export type CommandHandler = (args: string[], options: Options, io: CliIO) => Promise<CommandOutcome>;

/** The outcome of a command that did its job. */
export const OK: CommandOutcome = { kind: 'ok' };
