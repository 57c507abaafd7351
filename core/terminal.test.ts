import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote, terminalSafe } from './terminal.js';

describe('terminalSafe', () => {
  it('shows control characters instead of sending them', () => {
    expect(terminalSafe('evil\u001b[2J\u0007name')).toBe('evil\\x1b[2J\\x07name');
    expect(terminalSafe('a\rb\u009bc')).toBe('a\\x0db\\x9bc');
    expect(terminalSafe('tabs\tand\nnewlines stay, ünïcode too')).toBe('tabs\tand\nnewlines stay, ünïcode too');
  });
});

describe('shellQuote', () => {
  it('leaves plain arguments alone and quotes the rest', () => {
    expect(shellCommand(['gauntlet', 'run', '--suite', 'suites/a.json', '--seed', '-3'])).toBe('gauntlet run --suite suites/a.json --seed -3');
    expect(shellQuote('my file.json')).toBe(`'my file.json'`);
    expect(shellQuote('$(rm -rf ~)')).toBe(`'$(rm -rf ~)'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe(`''`);
  });

  it('round-trips any argument through a real shell (property)', () => {
    const args = fc.array(fc.string({ maxLength: 12 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(args, (list) => {
        const out = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${shellCommand(list)}`], { encoding: 'utf8' });
        expect(out.stdout.split('\0').slice(0, -1)).toEqual(list);
      }),
      { numRuns: 40 },
    );
  });
});
