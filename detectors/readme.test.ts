import { describe, expect, it, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DetectorItem } from '../core/types.js';
import { loadDetector } from './load.js';

/**
 * The Python detectors of the README (det.py, det.json) and of
 * docs/detectors.md (serve.py, serve.json) are documentation users copy: run
 * them as printed, through the real adapters, so they cannot rot.
 */
const pages = ['README.md', 'docs/detectors.md'].map((name) => ({ name, text: readFileSync(new URL(`../${name}`, import.meta.url), 'utf8') }));

/** The fenced block whose info string is `<lang> <file>`, in the README or docs/detectors.md. */
function block(lang: string, file: string): string {
  const pattern = new RegExp('```' + lang + ' ' + file.replace('.', '\\.') + '\\n([\\s\\S]*?)```');
  for (const page of pages) {
    const m = pattern.exec(page.text);
    if (m) return m[1];
  }
  throw new Error(`neither ${pages.map((p) => p.name).join(' nor ')} has a \`\`\`${lang} ${file} block`);
}

const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('readme.test.ts: python3 not found; skipping the README Python detector examples');

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-readme-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

const original = 'The talks went on. Officials said they expected a deal. Mexico agreed to the terms on Monday.';
const lowered = 'the talks went on . officials said they expected a deal . mexico agreed to the terms on monday .';

describe('README detector examples', () => {
  it('keeps each Python example under 30 lines', () => {
    for (const file of ['det.py', 'serve.py']) expect(block('python', file).trimEnd().split('\n').length).toBeLessThan(30);
  });

  it.skipIf(!hasPython)('runs the exec example as printed', async () => {
    writeFileSync(join(dir, 'det.py'), block('python', 'det.py'));
    writeFileSync(join(dir, 'det.json'), block('json', 'det.json'));
    const { detector, identity } = await loadDetector(join(dir, 'det.json'), '/', { onLog: () => undefined });
    try {
      expect(identity).toMatchObject({ name: 'lowercase-starts', version: '1.0', tasks: ['tamper'] });
      const items: DetectorItem[] = Array.from({ length: 50 }, (_, i) => ({ id: `t${i}`, task: 'tamper', text: i % 2 ? lowered.replace(/ \. /g, '. ') : original }));
      const results = await detector.score(items);
      results.forEach((r, i) => expect(r.score).toBe(i % 2 ? 1 : 0));
    } finally {
      await detector.close?.();
    }
  });

  it.skipIf(!hasPython)('runs the HTTP example as printed', async () => {
    writeFileSync(join(dir, 'serve.py'), block('python', 'serve.py'));
    const child = spawn('python3', [join(dir, 'serve.py'), '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('serve.py did not start within 10 s')), 10_000);
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        resolve(/http:\/\/\S+/.exec(line)![0]);
      });
    });
    const config = { ...(JSON.parse(block('json', 'serve.json')) as Record<string, unknown>), url };
    const { detector } = await loadDetector(config, dir, { onLog: () => undefined });
    const items: DetectorItem[] = Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, task: 'reuse', text: i % 2 ? 'Mexico agreed to the terms on Monday.' : 'A storm hit the coast overnight.', source: original }));
    const results = await detector.score(items);
    results.forEach((r, i) => expect(r.score).toBe(i % 2 ? 1 : 0));
  });
});
