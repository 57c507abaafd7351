import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { selfEntryUrl, selfResolveHook } from './user-module.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

describe('the resolve hook', () => {
  it("points 'text-gauntlet' at this package and makes .ts files ES modules, leaving the rest alone", async () => {
    const hook = (await import(selfResolveHook('file:///pkg/index.js'))) as { resolve: (s: string, c: object, next: (s: string, c: object) => Promise<{ url: string; format?: string }>) => Promise<{ url: string; format?: string }> };
    const next = async (specifier: string) => ({ url: specifier.startsWith('file:') ? specifier : `file:///nm/${specifier}.js`, format: specifier.endsWith('.ts') ? 'commonjs' : 'module' });
    expect(await hook.resolve('text-gauntlet', {}, next)).toEqual({ url: 'file:///pkg/index.js', format: 'module' });
    expect(await hook.resolve('file:///u/det.ts', {}, next)).toEqual({ url: 'file:///u/det.ts', format: 'module' });
    expect(await hook.resolve('zod', {}, next)).toEqual({ url: 'file:///nm/zod.js', format: 'module' });
    expect(selfEntryUrl()).toBe(pathToFileURL(join(repo, 'index.ts')).href);
  });
});

/** The CLI from sources, as a user in another folder would run it. */
function gauntlet(cwd: string, args: string[]) {
  const tsx = pathToFileURL(join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return spawnSync(process.execPath, ['--import', tsx, join(repo, 'cli', 'gauntlet.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('a suite in another folder', () => {
  it('with a .ts suite, a .ts detector importing text-gauntlet and a relative corpus, runs from any working directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'gauntlet-away-'));
    const suites = join(root, 'project', 'suites');
    mkdirSync(join(suites, 'articles'), { recursive: true });
    for (let i = 0; i < 4; i++) writeFileSync(join(suites, 'articles', `a${i}.txt`), `The council of district ${i} met on Tuesday. Members said the plan costs ${20 + i} million dollars. Robert Smith argued that schools need repairs.`);
    writeFileSync(join(suites, 'det.ts'), [
      "import { defineDetector, type DetectorItem } from 'text-gauntlet';",
      'const upper = (text: string): number => (text.match(/[A-Z]/g) ?? []).length / Math.max(1, text.length);',
      "export default defineDetector({ name: 'ts-upper', version: '1', tasks: ['tamper'], score: async (items: readonly DetectorItem[]) => items.map((i) => ({ id: i.id, score: upper(i.text) })) });",
    ].join('\n'));
    const suite = (detector: string) => [
      "import { defineSuite } from 'text-gauntlet';",
      `export default defineSuite({ name: 'away', corpus: { kind: 'path' as const, path: './articles' }, tasks: ['tamper'], generators: [{ name: 'case-swap', intensities: [0.5] }], calibrationShare: 0.5, detectors: ['${detector}'] });`,
    ].join('\n');
    writeFileSync(join(suites, 's.ts'), suite('./det.ts'));
    writeFileSync(join(suites, 'typo.ts'), suite('./dte.ts'));
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);

    const typo = gauntlet(elsewhere, ['run', '--suite', '../project/suites/typo.ts', '--quiet']);
    expect(typo.status, typo.stderr).toBe(2);
    expect(typo.stderr).toMatch(/\.\.\/project\/suites\/typo\.ts: detectors\[0\]: detector file not found: \.\/dte\.ts/);
    expect(existsSync(join(elsewhere, 'results')), 'checked before the build').toBe(false);

    const ok = gauntlet(elsewhere, ['run', '--suite', '../project/suites/s.ts', '--quiet']);
    expect(ok.status, ok.stderr).toBe(0);
    const [id] = readdirSync(join(elsewhere, 'results', 'runs'));
    expect(id).toMatch(/^away-articles-\d{8}-\d{6}$/);
    const runDir = join(elsewhere, 'results', 'runs', id);
    const runJson = readFileSync(join(runDir, 'run.json'), 'utf8');
    expect(runJson).not.toContain(root);
    expect(JSON.parse(runJson)).toMatchObject({ baseDir: '../../..', detectorSpecs: ['../project/suites/det.ts'] });
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toContain(`gauntlet report results/runs/${id}\n`);
  });
});
