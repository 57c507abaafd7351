import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './fixtures/run-cli.js';
import { sliceCodePoints } from '../core/text.js';
import { packageRoot } from '../core/version.js';

/** Runs the CLI in-process; returns exit code and captured output. */
const cli = (argv: string[], options: { stdin?: string; cwd?: string } = {}) => runCli(argv, options);

const observedPath = join(packageRoot(), '..', 'shared', 'observed', 'original.txt');
const article = existsSync(observedPath) ? readFileSync(observedPath, 'utf8') : 'MONTREAL (AP) â€” One.\nTwo "quoted" words.\nThree.';

describe('gauntlet CLI', () => {
  it('perturb flatten-whitespace prints the article on one line; --json spans slice', async () => {
    const plain = await cli(['perturb', 'flatten-whitespace'], { stdin: article });
    expect(plain.code).toBe(0);
    expect(plain.stdout.trimEnd()).not.toContain('\n');
    const json = await cli(['perturb', 'flatten-whitespace', '--json'], { stdin: article });
    const out = JSON.parse(json.stdout) as { text: string; edits: Array<{ sourceSpan: [number, number]; outputSpan: [number, number]; before: string; after: string }>; requestedIntensity: number; realizedIntensity: number };
    expect(out.edits.length).toBeGreaterThan(0);
    for (const e of out.edits) {
      expect(sliceCodePoints(article, ...e.sourceSpan)).toBe(e.before);
      expect(sliceCodePoints(out.text, ...e.outputSpan)).toBe(e.after);
    }
    expect(out.requestedIntensity).toBe(1);
  });

  it('same seed, same bytes', async () => {
    const a = await cli(['perturb', 'mojibake', '--intensity', '0.5', '--seed', '9', '--json'], { stdin: 'Café — “x” é è ê' });
    const b = await cli(['perturb', 'mojibake', '--intensity', '0.5', '--seed', '9', '--json'], { stdin: 'Café — “x” é è ê' });
    expect(a.stdout).toBe(b.stdout);
  });

  it('bad usage exits 2 with one line', async () => {
    const unknown = await cli(['perturb', 'no-such-generator'], { stdin: 'x' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli(['perturb', 'mojibake', '--intensity', '2'], { stdin: 'x' })).code).toBe(2);
    expect((await cli(['perturb', 'mojibake', '--input', '/no/such/file'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['run', '--threshold', 'sometimes'])).code).toBe(2);
  });

  it('lists generators, detectors and tasks', async () => {
    const { code, stdout } = await cli(['list']);
    expect(code).toBe(0);
    for (const word of ['flatten-whitespace', 'mojibake', 'tamper', 'reuse', 'Detectors']) expect(stdout).toContain(word);
  });

  it('build twice gives the same manifest hash; a broken corpus line fails with file:line and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const corpus = join(dir, 'corpus.jsonl');
    const docs = Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `d${i}`, text: `Document ${i} — about topic ${i % 3}. It says “things” happened on Monday in Montréal.` }));
    writeFileSync(corpus, `${docs.join('\n')}\n`);
    const suite = join(dir, 'suite.json');
    writeFileSync(suite, JSON.stringify({ name: 'cli', tasks: ['tamper', 'reuse'], corpus: { kind: 'path', path: 'corpus.jsonl' }, generators: [{ name: 'mojibake', intensities: [1] }] }));
    const first = await cli(['build', '--suite', suite, '--out', join(dir, 'ds1'), '--quiet'], { cwd: dir });
    const second = await cli(['build', '--suite', suite, '--out', join(dir, 'ds2'), '--quiet'], { cwd: dir });
    expect(first.code).toBe(0);
    const hash = (s: string) => /sha256 ([0-9a-f]{64})/.exec(s)?.[1];
    expect(hash(first.stdout)).toBeDefined();
    expect(hash(second.stdout)).toBe(hash(first.stdout));
    writeFileSync(corpus, `${docs[0]}\n{"id": "broken", "text": \n`);
    const broken = await cli(['build', '--suite', suite, '--out', join(dir, 'ds3'), '--quiet'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${corpus}:2:`);
  });

  it('runs a small suite end to end and never overwrites a run without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-run-'));
    const suite = join(dir, 'suite.json');
    writeFileSync(suite, JSON.stringify({ name: 'e2e', seed: 4, tasks: ['reuse'], corpus: { kind: 'embedded', limit: 8 }, generators: [{ name: 'mojibake', intensities: [1] }], detectors: ['ngram-containment'] }));
    const out = join(dir, 'run');
    const first = await cli(['run', '--suite', suite, '--out', out, '--quiet'], { cwd: dir });
    expect(first.code).toBe(0);
    for (const f of ['run.json', 'scores.jsonl', 'report.md', 'metrics.json', 'metrics.csv']) expect(existsSync(join(out, f))).toBe(true);
    expect(first.stdout).toContain('Report:');
    const again = await cli(['run', '--suite', suite, '--out', out, '--quiet'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    const forced = await cli(['run', '--suite', suite, '--out', out, '--force', '--quiet', '--no-cache'], { cwd: dir });
    expect(forced.code).toBe(0);
  });

  it('run --fail-on gates the run on its own: exit 1 naming the slice, exit 2 for a rule that matches nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-gate-'));
    const suite = join(dir, 'suite.json');
    writeFileSync(suite, JSON.stringify({ name: 'gate', seed: 4, tasks: ['reuse'], corpus: { kind: 'embedded', limit: 8 }, generators: [{ name: 'mojibake', intensities: [1] }], detectors: ['ngram-containment'] }));
    const broken = await cli(['run', '--suite', suite, '--out', join(dir, 'a'), '--quiet', '--fail-on', 'auc > 0.001'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/auc > 0\.001: ngram-containment on /);
    const holds = await cli(['run', '--suite', suite, '--out', join(dir, 'b'), '--quiet', '--fail-on', 'auc < 0'], { cwd: dir });
    expect(holds.code).toBe(0);
    const typo = await cli(['run', '--suite', suite, '--out', join(dir, 'c'), '--quiet', '--fail-on', 'recall < 0.99 where detector=nope'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no slice has detector=nope \(detector values: ngram-containment\)/);
  });

  it('a run in which a detector answered no item exits 3 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-dead-'));
    writeFileSync(join(dir, 'dead.mjs'), `export default { name: 'dead', version: '1', tasks: ['reuse'], score() { throw new Error('service down'); } };`);
    writeFileSync(join(dir, 'dead.json'), JSON.stringify({ type: 'module', path: 'dead.mjs' }));
    const suite = join(dir, 'suite.json');
    writeFileSync(suite, JSON.stringify({ name: 'dead', seed: 4, tasks: ['reuse'], corpus: { kind: 'embedded', limit: 4 }, generators: [{ name: 'mojibake', intensities: [1] }] }));
    const result = await cli(['run', '--suite', suite, '--detector', join(dir, 'dead.json'), '--out', join(dir, 'run'), '--quiet'], { cwd: dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the run failed for "dead" \((\d+) of \1 items failed\)/);
  });

  it('refuses flags that would do nothing in a combination', async () => {
    const retry = await cli(['run', '--retry-errors']);
    expect(retry.code).toBe(2);
    expect(retry.stderr).toMatch(/--retry-errors goes with --resume/);
    const resume = await cli(['run', '--resume', 'some-run', '--detector', 'winnowing']);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/--detector cannot be given with --resume/);
  });

  it('takes negative numbers as flag values, refuses a directory as --input, and records a pasteable command', async () => {
    const neg = await cli(['perturb', 'case-swap', '--seed', '-3', '--json'], { stdin: 'Hello there, world of text.' });
    expect(neg.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'cli-in-'));
    const isDir = await cli(['perturb', 'mojibake', '--input', dir]);
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toMatch(/not a file/);
    const suite = join(dir, 'my suite $(touch pwned).json');
    writeFileSync(suite, JSON.stringify({ name: 'q', seed: 4, tasks: ['reuse'], corpus: { kind: 'embedded', limit: 4 }, generators: [{ name: 'mojibake', intensities: [1] }], detectors: ['ngram-containment'] }));
    const ran = await cli(['run', '--suite', suite, '--out', join(dir, 'run'), '--quiet'], { cwd: dir });
    expect(ran.code).toBe(0);
    const command = JSON.parse(readFileSync(join(dir, 'run', 'run.json'), 'utf8')).command as string;
    expect(command).toBe(`gauntlet run --suite '${suite}' --out ${join(dir, 'run')} --quiet`);
  });
});
