import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeFixtures, writeFixtureRun } from '../../harness/report/fixtures/run-fixture.js';
import { runCli } from '../fixtures/run-cli.js';

afterAll(removeFixtures);

const cli = (cwd: string, argv: string[]) => runCli(argv, { cwd });

describe('gauntlet report', () => {
  it('finds a run by id under results/runs or by path, and writes its files', async () => {
    const { root, runDir } = writeFixtureRun();
    // The fixture keeps runs in <root>/runs; a run id resolves under <cwd>/results/runs.
    const byPath = await cli(root, ['report', 'runs/r1', '--bootstrap', '0', '--format', 'md,json']);
    expect(byPath.code).toBe(0);
    expect(byPath.stdout).toContain('wrote runs/r1/report.md');
    expect(existsSync(join(runDir, 'metrics.json'))).toBe(true);
    expect(existsSync(join(runDir, 'metrics.csv'))).toBe(false);
    const missing = await cli(root, ['report', 'r9']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no run "r9"/);
  });

  it('exits 1 and names each broken rule; 0 when every rule holds', async () => {
    const { root } = writeFixtureRun({ detectors: [{ name: 'weak', skill: 0 }] });
    const failed = await cli(root, ['report', 'runs/r1', '--bootstrap', '0', '--fail-on', 'auc < 0.99 where kind=overall', '--fail-on', 'recall > 2']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/auc < 0\.99 where kind=overall: weak on tamper\/\* is 0\.\d{4}/);
    expect(failed.stderr).not.toMatch(/recall > 2:/);
    const passed = await cli(root, ['report', 'runs/r1', '--bootstrap', '0', '--fail-on', 'auc < 0']);
    expect(passed.code).toBe(0);
  });

  it('rejects bad options with exit 2', async () => {
    const { root } = writeFixtureRun();
    expect((await cli(root, ['report', 'runs/r1', '--threshold', 'fpr:7'])).code).toBe(2);
    expect((await cli(root, ['report', 'runs/r1', '--errors', 'ignore'])).code).toBe(2);
    expect((await cli(root, ['report', 'runs/r1', '--fail-on', 'nonsense'])).code).toBe(2);
    expect((await cli(root, ['report'])).code).toBe(2);
  });
});
