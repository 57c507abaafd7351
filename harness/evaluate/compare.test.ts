import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRunDirs } from './compare.js';
import { removeFixtures, writeFixtureRun } from '../report/fixtures/run-fixture.js';
import { parseRule } from './rules.js';
import { runCli } from '../../cli/fixtures/run-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gauntlet-compare-'));
afterAll(() => {
  removeFixtures();
  rmSync(scratch, { recursive: true, force: true });
});

const cli = (argv: string[], env: Record<string, string> = {}) => runCli(argv, { cwd: scratch, env });

const RULES = ['delta(recall) < -0.02 significant', 'delta(auc) < -0.02 significant', 'delta(tpr@fpr=0.05) < -0.05 significant', 'recall@fpr=0.05 < 0.3 where kind=overall'];

describe('compare', () => {
  it('a run against itself: every delta 0, p = 1, every reasonable rule holds', async () => {
    const { runDir } = writeFixtureRun({ sources: 12, detectors: [{ name: 'det', skill: 1.5 }] });
    const c = await compareRunDirs(runDir, runDir, { bootstrap: 100, rules: RULES.map(parseRule) });
    expect(c.rows.length).toBeGreaterThan(0);
    for (const row of c.rows) {
      for (const d of Object.values(row.metrics)) {
        if (d.delta === null) continue;
        expect(d.delta).toBe(0);
        expect(d.p).toBe(1);
        expect(d.significant).toBe(false);
      }
    }
    expect(c.violations).toEqual([]);
  });

  it('a weakened copy breaks the delta rule, and the CLI exits 1 naming it', async () => {
    // Same dataset, same seeds: only the detector's skill differs.
    const base = writeFixtureRun({ sources: 40, detectors: [{ name: 'det', skill: 2 }], datasetHash: 'h'.repeat(64) });
    const weak = writeFixtureRun({ sources: 40, detectors: [{ name: 'det', skill: 0.2 }], datasetHash: 'h'.repeat(64) });
    const summary = join(scratch, 'summary.md');
    const r = await cli(['compare', base.runDir, weak.runDir, '--bootstrap', '200', '--fail-on', 'delta(recall) < -0.02 significant', '--out', join(scratch, 'out')], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/delta\(recall\) < -0\.02 significant: det on tamper\/\* is -0\.\d+ \(Holm p [=<] /);
    expect(r.stdout).toContain('rule violation(s)');
    expect(readFileSync(summary, 'utf8')).toContain('rule violation(s)');
    const json = JSON.parse(readFileSync(join(scratch, 'out', 'compare.json'), 'utf8'));
    const overall = json.rows.find((x: { slice: string }) => x.slice === 'tamper/*');
    expect(overall.metrics.recall.delta).toBeLessThan(0);
    expect(overall.metrics.recall.high).toBeLessThan(0);
    expect(overall.metrics.recall.test).toBe('mcnemar');
    // The reverse direction improves: the same rule holds.
    expect((await cli(['compare', weak.runDir, base.runDir, '--bootstrap', '50', '--fail-on', 'delta(recall) < -0.02 significant'])).code).toBe(0);
  });

  it('compares a baseline committed without its dataset, using the candidate\'s', async () => {
    const base = writeFixtureRun({ datasetHash: 'c'.repeat(64) });
    const cand = writeFixtureRun({ datasetHash: 'c'.repeat(64) });
    rmSync(base.datasetDir, { recursive: true, force: true });
    const c = await compareRunDirs(base.runDir, cand.runDir, { bootstrap: 0 });
    expect(c.rows.length).toBeGreaterThan(0);
    await expect(compareRunDirs(cand.runDir, base.runDir, { bootstrap: 0 })).rejects.toThrow(/samples\.jsonl: file not found/);
  });

  it('refuses runs on different datasets with exit 2, saying why', async () => {
    const a = writeFixtureRun({ datasetHash: 'a'.repeat(64) });
    const b = writeFixtureRun({ datasetHash: 'b'.repeat(64) });
    const r = await cli(['compare', a.runDir, b.runDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/different datasets: r1 has dataset aaaaaaaaaaaaaaaa, r1 has bbbbbbbbbbbbbbbb/);
  });

  it('pairs differently named detectors when each run has one, or as told', async () => {
    const a = writeFixtureRun({ detectors: [{ name: 'v1', skill: 1 }] });
    const b = writeFixtureRun({ detectors: [{ name: 'v2', skill: 1 }, { name: 'v3', skill: 1 }] });
    await expect(compareRunDirs(a.runDir, b.runDir, { bootstrap: 0 })).rejects.toThrow(/--pair/);
    const c = await compareRunDirs(a.runDir, b.runDir, { bootstrap: 0, pairs: [['v1', 'v3']] });
    expect(c.pairs).toEqual([{ baseline: 'v1', candidate: 'v3' }]);
    expect((await cli(['compare', a.runDir, b.runDir, '--pair', 'v1=nope'])).code).toBe(2);
  });
});
