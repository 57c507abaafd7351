import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSuite, runSuite } from '../run-session.js';
import type { CostEstimate } from '../../core/types.js';
import { startFakeLlm, type FakeLlm } from '../../generators/llm/fixtures/fake-server.js';

/**
 * Issue 19's done-when against a local fake endpoint: a suite with
 * llm-rewrite at two intensities and two ops builds, scores and reports;
 * rebuilt offline from the cassette it gives the same dataset hash; a build
 * killed with SIGKILL and resumed asks no recorded rewrite again; the key is
 * in no file written.
 */
const KEY = 'sk-fake-SECRET-42424242';
const ROOT = join(__dirname, '..', '..');

const suite = {
  name: 'llm-test',
  seed: 7,
  corpus: { kind: 'embedded' as const, limit: 6 },
  tasks: ['tamper' as const, 'reuse' as const, 'consistency' as const, 'spans' as const],
  generators: [
    { name: 'llm-rewrite', label: 'llm-paraphrase', params: { op: 'paraphrase', 'key-env': 'FAKE_KEY' }, intensities: [0.3, 0.7] },
    { name: 'llm-rewrite', label: 'llm-polish', params: { op: 'polish', 'key-env': 'FAKE_KEY' }, intensities: [0.3, 0.7] },
  ],
  samplesPerSource: 1,
  calibrationShare: 0.5,
};

let server: FakeLlm;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startFakeLlm();
  dir = mkdtempSync(join(tmpdir(), 'llm-build-'));
  env = { GAUNTLET_LLM_ENDPOINT: server.url, GAUNTLET_LLM_MODEL: 'fake-1', FAKE_KEY: KEY };
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length : 0);

describe('an llm suite against a fake endpoint', () => {
  it('builds, scores and reports; rebuilds offline to the same hash; writes the key nowhere', async () => {
    const cassette = join(dir, 'cassette.jsonl');
    const before = server.total();
    const costs: CostEstimate[] = [];
    const online = await buildSuite({ suite, cwd: dir, out: join(dir, 'online'), generatorRuntime: { env, cassette, concurrency: 3, onCost: (c) => costs.push(c) } });
    expect(server.total() - before).toBeGreaterThan(0);
    expect(server.total() - before).toBe(lines(cassette));
    // The cost told before the build is the calls it then made (paraphrase and polish: one call per rewrite).
    expect(costs).toHaveLength(1);
    expect(costs[0].recorded).toBe(0);
    expect(costs[0].calls).toBe(server.total() - before);
    expect(costs[0].inputChars).toBeGreaterThan(0);
    expect(online.manifest.counts.byTask.tamper).toBeGreaterThan(3);
    const entry = online.manifest.generators.find((g) => g.key === 'llm-paraphrase')!;
    expect(entry.provenance).toMatchObject({ model: 'fake-1', servedModel: 'fake-1-served', promptVersion: 'llm-rewrite/1' });
    expect(entry.provenance!.cassetteSha256).toMatch(/^[0-9a-f]{64}$/);

    const calls = server.total();
    const offline = await buildSuite({ suite, cwd: dir, out: join(dir, 'offline'), generatorRuntime: { env: { GAUNTLET_LLM_MODEL: 'fake-1' }, cassette, offline: true, onCost: (c) => costs.push(c) } });
    expect(costs[1]).toEqual({ calls: costs[0].calls, recorded: costs[0].calls, inputChars: 0 });
    expect(server.total()).toBe(calls);
    expect(offline.manifest.hash).toBe(online.manifest.hash);
    expect(offline.manifest.generators).toEqual(online.manifest.generators);

    const run = await runSuite({ dataset: online.dir, cwd: dir, out: join(dir, 'run'), detectors: ['ngram-containment'] });
    expect(run.scored).toBeGreaterThan(0);
    expect(existsSync(join(run.dir, 'report.md'))).toBe(true);

    for (const file of [...filesUnder(dir)]) expect(readFileSync(file, 'utf8').includes(KEY), file).toBe(false);
    expect(server.authorizations.every((a) => a === `Bearer ${KEY}`)).toBe(true);
  }, 60_000);

  it('an offline build with no recording fails naming the missing entry', async () => {
    await expect(buildSuite({ suite, cwd: dir, out: join(dir, 'missing'), generatorRuntime: { env: { GAUNTLET_LLM_MODEL: 'fake-1' }, cassette: join(dir, 'empty.jsonl'), offline: true } })).rejects.toThrow(
      /offline\): no answer recorded for key [0-9a-f]{64} \(model fake-1, op (paraphrase|polish)/,
    );
  }, 30_000);

  it('counts refusals in the manifest as skipped, never as rewrites', async () => {
    server.behave = (body) => (body.messages[0].content.startsWith('Polish') ? 'refusal' : 'ok');
    try {
      const built = await buildSuite({ suite, cwd: dir, out: join(dir, 'refused'), generatorRuntime: { env, cassette: join(dir, 'refused.jsonl') } });
      expect(built.manifest.counts.skipped['tamper:llm-rewrite:refusal']).toBeGreaterThan(0);
      const samples = readFileSync(join(built.dir, 'samples.jsonl'), 'utf8');
      expect(samples).not.toContain('"generator":"llm-polish"');
    } finally {
      server.behave = () => 'ok';
    }
  }, 30_000);

  it('a build killed with SIGKILL mid-way and resumed asks no recorded rewrite again', async () => {
    const cassette = join(dir, 'killed.jsonl');
    const suiteFile = join(dir, 'suite.json');
    writeFileSync(suiteFile, JSON.stringify(suite));
    server.behave = () => 'slow';
    // node itself (not the tsx wrapper), so SIGKILL hits the building process.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'gauntlet.ts'), 'build', '--suite', suiteFile, '--out', join(dir, 'killed'), '--cassette', cassette, '--concurrency', '2', '--workers', '1', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    try {
      const deadline = Date.now() + 20_000;
      while (lines(cassette) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    } finally {
      server.behave = () => 'ok';
    }
    const recorded = lines(cassette);
    expect(recorded).toBeGreaterThanOrEqual(3);
    const before = server.total();
    await buildSuite({ suite, cwd: dir, out: join(dir, 'killed'), force: true, generatorRuntime: { env, cassette } });
    // Every call of the resumed build is for an answer the cassette did not have.
    expect(server.total() - before).toBe(lines(cassette) - recorded);
    expect(server.total() - before).toBeGreaterThan(0);
  }, 60_000);
});
