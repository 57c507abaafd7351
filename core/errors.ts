/**
 * Errors with stable codes, so the CLI maps them to exit codes in one place
 * and a message can name the file, the line and the field. A failed gate is
 * not an error: commands return it as an outcome (cli/exit-code.ts).
 */
export type ErrorCode = 'USAGE' | 'CONFIG' | 'INPUT' | 'RUNTIME';

export class GauntletError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GauntletError';
    this.code = code;
  }
}

/** Bad command-line usage or configuration: exit 2. */
export function usageError(message: string): GauntletError {
  return new GauntletError('USAGE', message);
}

/** Bad input data; `where` is `file:line` or `file:line: field`. */
export function inputError(where: string, message: string): GauntletError {
  return new GauntletError('INPUT', `${where}: ${message}`);
}

/**
 * Exit code for a thrown error: 2 bad usage, config or input; 3 a runtime
 * failure or anything that is not a GauntletError. The error half of the
 * CLI's `exitCodeOf` (cli/exit-code.ts), which the CLI always goes through.
 */
export function exitCodeFor(error: unknown): 2 | 3 {
  if (error instanceof GauntletError) return error.code === 'RUNTIME' ? 3 : 2;
  return 3;
}
