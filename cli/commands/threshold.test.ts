import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseThresholdPolicy, readThresholdPolicy } from '../../harness/evaluate/threshold-policy.js';
import { runCli } from '../fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-threshold-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => runCli(argv, { cwd: dir });

const suite = { name: 'thr', seed: 4, tasks: ['reuse'], corpus: { kind: 'embedded', limit: 8 }, generators: [{ name: 'mojibake', intensities: [1] }], detectors: ['ngram-containment'] };
const problem = (text: string) => (readThresholdPolicy(text) as { problem: string }).problem;

describe('--threshold and a suite threshold share one grammar', () => {
  // Numeric-looking texts are left out: the flag parser turns them into numbers before the grammar sees them.
  it.each(['sometimes', 'fpr:2', 'fpr:0', 'fpr=1.5', 'fixed:abc', 'fixed:1e999'])('refuses %j with one message from run, compare, metrics and a suite file', async (text) => {
    const expected = `gauntlet: --threshold: ${problem(text)}\n`;
    for (const argv of [['run', '--threshold', text], ['compare', 'a', 'b', '--threshold', text], ['metrics', 'scores.csv', '--threshold', text]]) {
      const out = await cli(argv);
      expect(out.code, argv.join(' ')).toBe(2);
      expect(out.stderr, argv.join(' ')).toBe(expected);
    }
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...suite, threshold: text }));
    const built = await cli(['build', '--suite', 'bad.json', '--quiet']);
    expect(built.code).toBe(2);
    expect(built.stderr).toBe(`gauntlet: bad.json: threshold: ${problem(text)}\n`);
  });

  it('run takes --threshold fixed:0.5, and a report prints an override that parses back', async () => {
    const suiteFile = join(dir, 'suite.json');
    writeFileSync(suiteFile, JSON.stringify(suite));
    const out = join(dir, 'run');
    const ran = await cli(['run', '--suite', suiteFile, '--out', out, '--threshold', 'fixed:0.5', '--quiet']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).threshold).toEqual({ kind: 'fixed', value: 0.5 });

    const reported = await cli(['report', out, '--threshold', 'fpr=0.1', '--bootstrap', '0', '--format', 'md']);
    expect(reported.code).toBe(0);
    // The report's own reproduce line (the run's line above it keeps the run's --threshold).
    const line = /^gauntlet report .*--threshold (\S+)/m.exec(readFileSync(join(out, 'report.md'), 'utf8'));
    expect(line?.[1]).toBe('fpr:0.1');
    expect(parseThresholdPolicy(line![1])).toEqual({ kind: 'fpr', target: 0.1 });
  });

  it('a suite may write its threshold as the command line does', async () => {
    writeFileSync(join(dir, 'text.json'), JSON.stringify({ ...suite, threshold: 'fixed:0.5' }));
    const out = join(dir, 'run-text');
    const ran = await cli(['run', '--suite', 'text.json', '--out', out, '--quiet', '--no-cache']);
    expect(ran.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).threshold).toEqual({ kind: 'fixed', value: 0.5 });
  });
});
