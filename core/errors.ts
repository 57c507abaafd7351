/**
 * Errors with stable codes, so the CLI maps them to exit codes in one place
 * and a message can name the file, the line and the field.
 */
export type ErrorCode = 'USAGE' | 'CONFIG' | 'INPUT' | 'RUNTIME' | 'GATE';

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

/** Exit code for an error: 2 bad usage, config or input; 1 a failed gate; 3 anything else. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof GauntletError) {
    if (error.code === 'GATE') return 1;
    if (error.code === 'RUNTIME') return 3;
    return 2;
  }
  return 3;
}
