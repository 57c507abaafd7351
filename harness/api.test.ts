import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// The public API only: what a programmatic user imports.
import { buildSuite, compareRuns, defineSuite, evaluateRun, parseRule, runSuite, writeReports, type RunProgress } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const suite = defineSuite({ name: 'api', seed: 4, tasks: ['reuse'], corpus: { kind: 'embedded', limit: 8 }, generators: [{ name: 'mojibake', intensities: [1] }], detectors: ['ngram-containment'] });

describe('library API', () => {
  it('builds, scores, evaluates, reports and compares without the CLI', async () => {
    const dataset = await buildSuite({ suite, cwd: dir, out: 'dataset', workers: 1 });
    expect(dataset.dir).toBe(join(dir, 'dataset'));
    expect(dataset.manifest.counts.samples).toBeGreaterThan(0);
    expect(dataset.manifest.suite.name).toBe('api');

    const progress: RunProgress[] = [];
    const first = await runSuite({ cwd: dir, dataset: dataset.dir, out: 'results/runs/run-a', workers: 1, onProgress: (p) => progress.push(p) });
    expect(first.interrupted).toBe(false);
    expect(first.record.status).toBe('complete');
    expect(first.scored).toBe(dataset.manifest.counts.samples);
    expect(first.errors).toBe(0);
    expect(first.record.command).toBe('runSuite');
    expect(progress.at(-1)).toMatchObject({ stage: 'score', detector: 'ngram-containment', done: first.scored, total: first.scored });
    for (const f of ['run.json', 'scores.jsonl', 'report.md', 'metrics.json', 'junit.xml']) expect(existsSync(join(first.dir, f))).toBe(true);

    const metrics = await evaluateRun(first.dir, { bootstrap: 0 });
    const overall = metrics.slices.find((s) => s.detector === 'ngram-containment' && s.kind === 'overall');
    expect(overall?.task).toBe('reuse');
    expect(metrics.settings.threshold).toEqual({ kind: 'fpr', target: 0.05 });

    const report = await writeReports(first.dir, { formats: ['md', 'json'], bootstrap: 0, rules: [parseRule('auc < 0'), parseRule('auc < 2 where kind=overall')] });
    expect(report.files).toEqual([join(first.dir, 'report.md'), join(first.dir, 'metrics.json')]);
    expect(report.violations.map((v) => v.rule)).toEqual(['auc < 2 where kind=overall']);
    expect(JSON.parse(readFileSync(join(first.dir, 'metrics.json'), 'utf8')).slices).toEqual(report.metrics.slices);
    expect(report.metrics.slices).toEqual(metrics.slices);

    // Same dataset, same detector: the second run takes its scores from the first (runs under results/runs/ are the cache).
    const notices: string[] = [];
    const second = await runSuite({ cwd: dir, dataset: dataset.dir, out: 'results/runs/run-b', workers: 1, onNotice: (m) => notices.push(m) });
    expect(second.reusedScores).toEqual({ 'ngram-containment': 'run-a' });
    expect(notices.join('\n')).toContain('reused the scores of ngram-containment from run run-a');
    expect(readFileSync(join(second.dir, 'scores.jsonl'), 'utf8')).toBe(readFileSync(join(first.dir, 'scores.jsonl'), 'utf8'));

    const comparison = await compareRuns(first.dir, second.dir, { bootstrap: 0, rules: [parseRule('delta(recall) < -0.02')] });
    expect(comparison.violations).toEqual([]);
    expect(comparison.rows.length).toBeGreaterThan(0);
  }, 20_000);

  it('refuses a suite and a dataset together, before building anything', async () => {
    await expect(runSuite({ cwd: dir, suite, dataset: 'dataset' })).rejects.toThrow(/not both/);
  });
});
