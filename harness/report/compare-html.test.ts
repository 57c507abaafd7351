import { afterAll, describe, expect, it } from 'vitest';
import { compareRunDirs } from '../evaluate/compare.js';
import { parseRule } from '../evaluate/rules.js';
import { compareHtml } from './compare-html.js';
import { removeFixtures, writeFixtureRun } from './fixtures/run-fixture.js';

afterAll(removeFixtures);

const HOSTILE = `det<img src=x onerror="document.body.setAttribute('data-pwned','1')">`;

describe('compare.html', () => {
  it('leads with the gates, then the significant changes worst first, then the families; every slice is folded', async () => {
    const base = writeFixtureRun({ sources: 30, detectors: [{ name: HOSTILE, skill: 2 }], datasetHash: 'a'.repeat(64) });
    const weak = writeFixtureRun({ sources: 30, detectors: [{ name: HOSTILE, skill: 0.2 }], datasetHash: 'a'.repeat(64) });
    const c = await compareRunDirs(base.runDir, weak.runDir, { bootstrap: 50, rules: [parseRule('delta(recall) < -0.05 significant')] });
    const html = compareHtml(c);
    expect(html).toMatch(/<body>\s*<header id="verdict" class="verdict fail"><h1>✗ Gates failed/);
    expect(html).toContain("Content-Security-Policy");
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain('det&lt;img src=x onerror=');
    const at = (s: string) => html.indexOf(s);
    expect(at('id="verdict"')).toBeLessThan(at('id="significant"'));
    expect(at('id="significant"')).toBeLessThan(at('id="families"'));
    expect(at('id="families"')).toBeLessThan(at('<details class="fold"><summary>All'));
    // A weaker candidate: its significant changes are for the worse, coloured so, and listed.
    const significant = html.slice(at('id="significant"'), at('id="families"'));
    expect(significant).toContain('class="sig down"');
    const firstUp = significant.indexOf('class="sig up"');
    expect(significant.lastIndexOf('class="sig down"')).toBeLessThan(firstUp === -1 ? Infinity : firstUp);
    expect(html).toMatch(/<b>[1-9]\d*<\/b> significant change\(s\)/);
  });

  it('says when nothing is gated and nothing changed', async () => {
    const a = writeFixtureRun({ sources: 8, datasetHash: 'b'.repeat(64) });
    const b = writeFixtureRun({ sources: 8, datasetHash: 'b'.repeat(64) });
    const html = compareHtml(await compareRunDirs(a.runDir, b.runDir, { bootstrap: 20 }));
    expect(html).toContain('class="verdict none"><h1>No gates');
    expect(html).toContain('<h2>Significant changes (0)</h2>');
    expect(html).toContain('cannot be told apart');
    expect(html).toContain('no change');
  });
});
