import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORTERS, writeRunReport } from './index.js';
import { defineReporter } from './reporter.js';
import { removeFixtures, writeFixtureRun } from './fixtures/run-fixture.js';

afterAll(removeFixtures);

describe('Reporter contract', () => {
  it('gives every built-in reporter its own format name and file', () => {
    expect(new Set(REPORTERS.map((r) => r.format)).size).toBe(REPORTERS.length);
    expect(new Set(REPORTERS.map((r) => r.fileName)).size).toBe(REPORTERS.length);
  });

  it('writes only the selected formats, in list order, and a reporter added from outside', async () => {
    const { runDir } = writeFixtureRun();
    const seen: string[] = [];
    const counts = defineReporter({
      format: 'counts',
      fileName: 'counts.txt',
      render: ({ metrics, samples }) => {
        seen.push(`samples:${samples.length}`);
        return `${metrics.slices.length} slices\n`;
      },
    });
    const before = new Set(readdirSync(runDir));
    const report = await writeRunReport(runDir, { bootstrap: 0, reporters: [...REPORTERS, counts], formats: ['counts', 'csv'] });
    expect(report.files.map((f) => f.slice(runDir.length + 1))).toEqual(['metrics.csv', 'counts.txt']);
    expect(readdirSync(runDir).filter((f) => !before.has(f)).sort()).toEqual(['counts.txt', 'metrics.csv']);
    expect(readFileSync(join(runDir, 'counts.txt'), 'utf8')).toBe(`${report.metrics.slices.length} slices\n`);
    // No selected reporter asked for samples, so the dataset's texts were not read.
    expect(seen).toEqual(['samples:0']);
  });

  it('refuses an unknown format, naming the known ones', async () => {
    const { runDir } = writeFixtureRun();
    await expect(writeRunReport(runDir, { formats: ['yaml'] })).rejects.toThrow('unknown report format "yaml" (known: md, html, json, csv, junit, tex)');
  });
});
