import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSuite } from '../build/suite.js';
import { resolveDetectors } from './detectors.js';

const detectorModule = (tasks?: string[]) =>
  `export default { name: 'm', version: '1', ${tasks ? `tasks: ${JSON.stringify(tasks)}, ` : ''}score: (items) => items.map((i) => ({ id: i.id, score: 0 })) };`;

describe('resolveDetectors', () => {
  it("resolves a suite's detectors against the suite's folder and --detector ones against the working directory", async () => {
    const root = mkdtempSync(join(tmpdir(), 'gauntlet-resolve-'));
    mkdirSync(join(root, 'suites'));
    writeFileSync(join(root, 'suites', 'det.mjs'), detectorModule(['tamper']));
    const suite = validateSuite({ name: 's', tasks: ['tamper'], generators: [{ name: 'mojibake', intensities: [1] }], detectors: ['./det.mjs'] }, 'x');
    const [fromSuite] = await resolveDetectors([], suite, root, undefined, undefined, { suiteBaseDir: join(root, 'suites') });
    expect(fromSuite.baseDir).toBe(join(root, 'suites'));
    const [given] = await resolveDetectors(['suites/det.mjs'], suite, root);
    expect(given.baseDir).toBe(root);
  });

  it('warns, naming the tasks, when nothing named a detector\'s tasks, and only then', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gauntlet-tasks-'));
    writeFileSync(join(root, 'bare.mjs'), detectorModule());
    writeFileSync(join(root, 'named.mjs'), detectorModule(['reuse']));
    const suite = validateSuite({ name: 's', tasks: ['tamper', 'reuse'], generators: [{ name: 'mojibake', intensities: [1] }] }, 'x');
    const notices: string[] = [];
    await resolveDetectors(['bare.mjs'], suite, root, undefined, undefined, { onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([expect.stringMatching(/^detector "m" names no tasks .*scored on every task of the suite: tamper, reuse; give its config "tasks"/)]);
    await resolveDetectors(['named.mjs', { type: 'module', path: 'bare.mjs', name: 'n', tasks: ['tamper'] }, 'winnowing'], suite, root, undefined, undefined, { onNotice: (m) => notices.push(m) });
    expect(notices).toHaveLength(1);
    await resolveDetectors([{ type: 'http', url: 'http://127.0.0.1:9/' }], suite, root, undefined, undefined, { onNotice: (m) => notices.push(m) });
    expect(notices[1]).toMatch(/^detector "http-127\.0\.0\.1-9" names no tasks/);
  });

  it('refuses a stored config that lost its secrets, naming it, with what to do', async () => {
    const suite = validateSuite({ name: 's', tasks: ['reuse'], generators: [{ name: 'mojibake', intensities: [1] }] }, 'test');
    const stored = { type: 'http', name: 'svc', url: 'https://h.example/score', headers: { Authorization: '<redacted>' } };
    await expect(resolveDetectors([stored], suite, tmpdir())).rejects.toThrow('detector "svc" lost its secrets (header or env values, URL credentials) when it was stored; give the detector again with --detector');
    await expect(resolveDetectors([stored], suite, tmpdir(), undefined, undefined, { lostSecretsHint: 'r1 cannot be resumed with it' })).rejects.toThrow(/lost its secrets .*; r1 cannot be resumed with it$/);
  });
});
