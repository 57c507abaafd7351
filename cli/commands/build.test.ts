import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import { generatorRuntimeOf, LARGE_BUILD_CALLS } from './build.js';

function io(): CliIO & { err: () => string } {
  let stderr = '';
  return { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, stdin: Readable.from(['']), cwd: '/tmp', env: {}, err: () => stderr };
}

describe('the cost of endpoint calls before a build', () => {
  it('is printed, and a large build needs --yes (exit 2 without it)', () => {
    const quiet = io();
    generatorRuntimeOf({}, quiet).onCost!({ calls: 40, recorded: 30, inputChars: 4000 });
    expect(quiet.err()).toBe('gauntlet: endpoint calls for this build: 40 (30 answered by the cassette, 10 to make, about 1000 input tokens)\n');

    const big = { calls: LARGE_BUILD_CALLS + 100, recorded: 50, inputChars: 10 };
    try {
      generatorRuntimeOf({}, io()).onCost!(big);
      expect.fail('a large build went ahead without --yes');
    } catch (error) {
      expect(exitCodeFor(error)).toBe(2);
      expect((error as Error).message).toMatch(/would make 550 endpoint calls .* pass --yes/);
    }
    expect(() => generatorRuntimeOf({ yes: true }, io()).onCost!(big)).not.toThrow();
    // Calls a cassette answers are free: they do not count toward the limit.
    expect(() => generatorRuntimeOf({}, io()).onCost!({ calls: 10_000, recorded: 10_000, inputChars: 0 })).not.toThrow();
  });
});
