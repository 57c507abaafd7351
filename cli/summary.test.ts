import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ansiPaint, useColor } from './summary.js';
import { runCli } from './fixtures/run-cli.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe('useColor', () => {
  it('colours a TTY only, never with NO_COLOR, and when FORCE_COLOR asks', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    // no-color.org: an empty NO_COLOR does not count.
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(true);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('paints with codes that reset only what they set', () => {
    expect(ansiPaint('0.91', 'good')).toBe('\u001b[32m0.91\u001b[39m');
    expect(ansiPaint('x', 'head')).toBe('\u001b[1mx\u001b[22m');
  });
});

/** Runs the CLI in-process with stdout as a TTY or not. */
const cli = (argv: string[], cwd: string, tty: boolean, env: Record<string, string> = {}) => runCli(argv, { cwd, tty, env });

describe('gauntlet run: the end of a run', () => {
  it('prints the leaderboard plain when piped or with NO_COLOR, in colour on a TTY, then one warnings block and report.html', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-summary-'));
    const suite = join(dir, 'suite.json');
    writeFileSync(suite, JSON.stringify({ name: 'sum', seed: 4, tasks: ['reuse'], corpus: { kind: 'embedded', limit: 8 }, generators: [{ name: 'mojibake', intensities: [1] }], detectors: ['ngram-containment'] }));
    const args = (out: string) => ['run', '--suite', suite, '--out', `results/runs/${out}`, '--quiet'];

    const piped = await cli(args('a'), dir, false);
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toMatch(ANSI);
    expect(piped.stdout).toMatch(/^ngram-containment\s+reuse\s+\d\.\d\d \[/m);
    expect(piped.stdout.trimEnd().split('\n').pop()).toBe('Report: results/runs/a/report.html');
    expect(piped.stdout).not.toContain('report.md');
    // The small calibration split is said once, in the block, not on stderr.
    expect(piped.stdout.match(/Warnings \(\d+\):/g)).toHaveLength(1);
    expect(piped.stdout).toMatch(/ {2}- reuse: only \d+ calibration negatives/);
    expect(piped.stderr).toBe('');

    // A second run reuses the scores: the notice joins the block instead of a line of its own on stderr.
    const tty = await cli(args('b'), dir, true);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(ANSI);
    expect(tty.stdout).toMatch(/ {2}- reused the scores of ngram-containment from run /);
    expect(tty.stderr).toBe('');

    const noColor = await cli(args('c'), dir, true, { NO_COLOR: '1' });
    expect(noColor.stdout).not.toMatch(ANSI);
    // Colour adds codes and nothing else: the leaderboard is the same text.
    const table = (out: string) => out.slice(0, out.indexOf('Warnings ('));
    expect(table(noColor.stdout)).toBe(table(tty.stdout.replace(/\u001b\[[\d;]*m/g, '')));
  });
});
