import { describe, expect, it } from 'vitest';
import { GauntletError, inputError, usageError } from '../core/errors.js';
import type { Violation } from '../harness/evaluate/rules.js';
import { exitCodeOf } from './exit-code.js';

const violation: Violation = { rule: 'recall < 0.8', detector: 'weak', slice: 'tamper/*', actual: 0.5 };

describe('exitCodeOf', () => {
  it('ok is 0', () => {
    expect(exitCodeOf({ kind: 'ok' })).toBe(0);
  });

  it('a failed gate is 1', () => {
    expect(exitCodeOf({ kind: 'gate-failed', violations: [violation] })).toBe(1);
  });

  it('a usage error is 2, and so is no command at all', () => {
    expect(exitCodeOf({ kind: 'failed', error: usageError('--shard must be i/n') })).toBe(2);
    expect(exitCodeOf({ kind: 'no-command' })).toBe(2);
  });

  it('a configuration error is 2', () => {
    expect(exitCodeOf({ kind: 'failed', error: new GauntletError('CONFIG', 'suite.json: tasks: required') })).toBe(2);
  });

  it('an input error is 2', () => {
    expect(exitCodeOf({ kind: 'failed', error: inputError('corpus.jsonl:2', 'not JSON') })).toBe(2);
  });

  it('a runtime error is 3', () => {
    expect(exitCodeOf({ kind: 'failed', error: new GauntletError('RUNTIME', 'cannot start detector') })).toBe(3);
  });

  it('anything else thrown is 3, whatever it is', () => {
    expect(exitCodeOf({ kind: 'failed', error: new TypeError('x is undefined') })).toBe(3);
    expect(exitCodeOf({ kind: 'failed', error: 'a string' })).toBe(3);
    expect(exitCodeOf({ kind: 'failed', error: undefined })).toBe(3);
  });

  it('an interrupted run is 3', () => {
    expect(exitCodeOf({ kind: 'interrupted', runDir: '/tmp/run' })).toBe(3);
  });
});
