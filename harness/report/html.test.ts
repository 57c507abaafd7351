import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRunReport } from './index.js';
import { removeFixtures, writeFixtureRun } from './fixtures/run-fixture.js';
import { parseRule } from '../evaluate/rules.js';
import { operatingPoints } from '../evaluate/metrics.js';
import { loadRun } from '../store/run-data.js';
import { chooseFailures } from './samples.js';
import { scaleColour } from './html-page.js';

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

const HOSTILE_DETECTOR = `det-b<script>document.body.setAttribute('data-pwned','det')</script>`;

/** A run whose positives hold HOSTILE; `reuse-only` answers the reuse task alone (its other records are dropped). */
function hostileRun(): string {
  const { runDir } = writeFixtureRun({
    detectors: [{ name: 'det-a', skill: 1, errorEvery: 13 }, { name: HOSTILE_DETECTOR, skill: 0.5 }, { name: 'reuse-only', skill: 0.3 }],
    text: HOSTILE,
    generatorName: HOSTILE_NAME,
  });
  const file = join(runDir, 'scores.jsonl');
  const kept = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.includes('"detector":"reuse-only"') || line.includes('"sampleId":"reuse/'));
  writeFileSync(file, kept.join('\n'));
  return runDir;
}

async function hostileReport(rules: string[] = []): Promise<string> {
  const runDir = hostileRun();
  await writeRunReport(runDir, { bootstrap: 20, formats: ['html'], rules: rules.map(parseRule) });
  return join(runDir, 'report.html');
}

/** The leaderboard's rows and, per row, its family cells (data-family values), read from the HTML. */
function boardRows(html: string): { families: string[]; rows: Array<{ detector: string; cells: string[] }> } {
  const board = html.match(/<table class="board">([\s\S]*?)<\/table>/)![1];
  const head = [...board.match(/<thead>([\s\S]*?)<\/thead>/)![1].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
  const families = head.slice(3, -2);
  const rows = [...board.matchAll(/<tr data-detector="([^"]*)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({ detector: m[1], cells: [...m[2].matchAll(/data-family="([^"]*)"/g)].map((c) => c[1]) }));
  return { families, rows };
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

describe('report.html: the answer first', () => {
  it('opens with the verdict, then the leaderboard, then where it fails, then the details', async () => {
    const html = readFileSync(await hostileReport(), 'utf8');
    expect(html).toMatch(/<body>\s*<header id="verdict" class="verdict none">/);
    expect(html).toContain('No gates');
    const at = (needle: string) => html.indexOf(needle);
    expect(at('id="verdict"')).toBeLessThan(at('id="leaderboard"'));
    expect(at('id="leaderboard"')).toBeLessThan(at('id="where-it-fails"'));
    expect(at('id="where-it-fails"')).toBeLessThan(at('<section id="det-0-det-a">'));
    // The table of contents links every section it names.
    for (const [, id] of html.match(/<nav class="toc"[\s\S]*?<\/nav>/)![0].matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${id}"`);
  });

  it('names each broken rule in the verdict, and says so when every rule holds', async () => {
    const failed = readFileSync(await hostileReport(['recall > 0.0 where task=tamper', 'f1 < 0']), 'utf8');
    const verdict = failed.slice(0, failed.indexOf('</header>'));
    expect(verdict).toContain('class="verdict fail"');
    expect(verdict).toContain('Gates failed: 1 of 2 rule(s) broken');
    expect(verdict).toContain('✗ <code>recall &gt; 0.0 where task=tamper</code> broken on');
    expect(verdict).toContain('✓ <code>f1 &lt; 0</code> holds on all');
    const passed = readFileSync(await hostileReport(['f1 < 0']), 'utf8');
    expect(passed).toContain('class="verdict pass"><h1>✓ Gates passed: all 1 rule(s) hold');
  });

  it('has a leaderboard cell for every detector x family, coloured from red (0) to green (1)', async () => {
    const html = readFileSync(await hostileReport(), 'utf8');
    const { families, rows } = boardRows(html);
    expect([...families].sort()).toEqual(['character', 'fact', 'observed']);
    for (const row of rows) expect(row.cells).toEqual(families);
    expect(new Set(rows.map((r) => r.detector)).size).toBe(3);
    // The reuse-only detector has a row for reuse and for nothing else.
    expect(html).toContain('data-detector="reuse-only" data-task="reuse"');
    expect(html).not.toMatch(/data-detector="reuse-only" data-task="(?:tamper|consistency|spans)"/);
    expect(scaleColour(0)).toBe('#e8726b');
    expect(scaleColour(1)).toBe('#8fd19e');
    expect(scaleColour(0.05)).not.toBe(scaleColour(0.95));
  });

  it('folds the ranking columns, and legends never break inside a generator name', async () => {
    const html = readFileSync(await hostileReport(), 'utf8');
    expect(html).toContain('<details class="more"><summary>Ranking figures: AP, ROC-AUC, TPR@1%, TPR@5%</summary>');
    expect(html).toContain('.legend li{white-space:nowrap}');
    expect(html).toContain('<figure class="small"');
  });
});

describe('sample browser: what each detector missed', () => {
  it('lists per detector only its own tasks, misses at the highest intensity first, with flagged / not flagged wording', async () => {
    const runDir = hostileRun();
    const data = await loadRun(runDir);
    const { failures, samples } = chooseFailures(data, operatingPoints(data, { kind: 'fpr', target: 0.05 }), { missed: 50, perGenerator: 50 });
    const byId = new Map(samples.map((b) => [b.info.id, b]));
    expect(failures.filter((f) => f.detector === 'reuse-only').map((f) => f.task)).toEqual(['reuse']);
    for (const f of failures) {
      const shown = [...f.shownMissed, ...f.shownFalseAlarms].map((id) => byId.get(id)!.info);
      expect(shown.every((s) => s.task === f.task && s.split === 'test')).toBe(true);
      expect(f.shownMissed.every((id) => byId.get(id)!.info.label === 1)).toBe(true);
      expect(f.shownFalseAlarms.every((id) => byId.get(id)!.info.label === 0)).toBe(true);
      const intensities = f.shownMissed.map((id) => byId.get(id)!.info.intensity);
      expect(intensities).toEqual([...intensities].sort((a, b) => b - a));
    }
    // A sample is answered only by the detectors that do its task: no error rows for the others.
    for (const b of samples) expect(b.answers.some((a) => a.detector === 'reuse-only')).toBe(b.info.task === 'reuse');
    expect(failures.some((f) => f.missed > 0)).toBe(true);

    await writeRunReport(runDir, { bootstrap: 20, formats: ['html'] });
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    const browser = html.slice(html.indexOf('<section id="samples">'), html.indexOf('<section id="method">'));
    expect(browser).toContain('<span class="badge bad">missed</span>');
    expect(browser).toContain('not flagged');
    expect(browser).not.toContain('(passed)');
    expect(browser).not.toContain('(error)');
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
      // The verdict is the first thing in the body, the leaderboard has a cell per detector x family.
      expect(dom).toMatch(/<body>\s*<header id="verdict"[^>]*><h1>/);
      const { families, rows } = boardRows(dom);
      expect(families.length).toBe(3);
      expect(rows.length).toBeGreaterThanOrEqual(3);
      for (const row of rows) expect(row.cells).toEqual(families);
      // The injected sample is shown in the browser as text, inside a missed sample.
      const browser = dom.slice(dom.indexOf('<section id="samples">'));
      expect(browser).toContain('&lt;img src=x onerror="document.body.setAttribute(\'data-pwned\',\'img\')"&gt;');
      expect(browser).toContain('&lt;/script&gt;');
    }
  });
});
