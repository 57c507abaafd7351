import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRunReport } from './index.js';
import { removeFixtures, writeFixtureRun } from './fixtures/run-fixture.js';

afterAll(removeFixtures);

/**
 * Hostile sample text: each payload, if it ever became markup, would mark
 * the body with data-pwned. The escaped page must show it as text.
 */
const HOSTILE =
  `Intro <script>document.body.setAttribute('data-pwned','script')</script> and ` +
  `<img src=x onerror="document.body.setAttribute('data-pwned','img')"> then ` +
  `</textarea><textarea>x</textarea> "quotes" & 'apostrophes' <b>bold</b> 😀 end`;
const HOSTILE_NAME = `spin<img src=x onerror="document.body.setAttribute('data-pwned','name')">`;

async function hostileReport(): Promise<string> {
  const { runDir } = writeFixtureRun({
    detectors: [{ name: 'det-a', skill: 1, errorEvery: 13 }, { name: `det-b<script>document.body.setAttribute('data-pwned','det')</script>`, skill: 0.5 }],
    text: HOSTILE,
    generatorName: HOSTILE_NAME,
  });
  await writeRunReport(runDir, { bootstrap: 20, formats: ['html'] });
  return join(runDir, 'report.html');
}

describe('report.html (static checks)', () => {
  it('is self-contained, has no script and no element made from sample text', async () => {
    const html = readFileSync(await hostileReport(), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<\/?textarea/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i);
    expect(html).toContain('&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;,&#39;script&#39;)&lt;/script&gt;');
    expect(html).toContain("Content-Security-Policy");
    expect(html.match(/<svg /g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(html).toContain('<mark title=');
  });
});

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => Boolean(p) && existsSync(p!));
if (!CHROMIUM) console.warn('report.html browser test skipped: no Chromium found (Debian: apt-get install -y chromium, or set CHROMIUM_PATH)');

/** Loads a file in headless Chromium and returns the DOM after load (scripts, had there been any, have run). */
async function dumpDom(file: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'gauntlet-chromium-'));
  try {
    const { stdout } = await promisify(execFile)(
      CHROMIUM!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', `file://${file}`],
      { timeout: 90_000, maxBuffer: 64 << 20 },
    );
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

describe.skipIf(!CHROMIUM)('report.html in headless Chromium', () => {
  it('renders hostile text as text, runs no script, and draws the charts', async () => {
    const file = await hostileReport();
    // Load a copy without the CSP: the test must prove the escaping itself, not only the policy that backs it up.
    const noCsp = file.replace(/report\.html$/, 'report-no-csp.html');
    writeFileSync(noCsp, readFileSync(file, 'utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    {
      const dom = await dumpDom(noCsp);
      expect(dom).toContain('<title>text-gauntlet report: r1</title>');
      expect(dom).not.toContain('data-pwned=');
      expect(dom).not.toMatch(/<script|<img|<textarea/i);
      // The payload is there, as text.
      expect(dom).toContain('&lt;script&gt;document.body.setAttribute');
      expect(dom).toContain('&lt;/textarea&gt;&lt;textarea&gt;x&lt;/textarea&gt;');
      expect(dom.match(/<svg /g)?.length ?? 0).toBeGreaterThanOrEqual(4);
      expect(dom.match(/<path class="series"/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
      expect(dom).toContain('Sample browser');
    }
  });
});
