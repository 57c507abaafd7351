import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGolden } from '../../harness/evaluate/stats/fixtures/golden.js';
import { runCli } from '../fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => runCli(argv, { cwd: dir });

const golden = loadGolden();
const close = (a: number | null, b: number | null) => (b === null ? a === null : a !== null && Math.abs(a - b) <= 1e-9);

describe('gauntlet metrics', () => {
  for (const c of golden.cases) {
    it(`reproduces golden case ${c.name} from JSONL and from CSV`, async () => {
      writeFileSync(join(dir, `${c.name}.jsonl`), c.labels.map((l, i) => JSON.stringify({ label: l, score: c.scores[i] })).join('\n'));
      writeFileSync(join(dir, `${c.name}.csv`), `score,label\n${c.labels.map((l, i) => `${c.scores[i]},${l}`).join('\n')}\n`);
      for (const file of [`${c.name}.jsonl`, `${c.name}.csv`]) {
        const { code, stdout } = await cli(['metrics', file, '--threshold', `fixed:${c.threshold}`, '--bootstrap', '20']);
        expect(code).toBe(0);
        const m = JSON.parse(stdout);
        expect(close(m.precision.value, c.atThreshold.precision)).toBe(true);
        expect(close(m.recall.value, c.atThreshold.recall)).toBe(true);
        expect(close(m.f1.value, c.atThreshold.f1)).toBe(true);
        expect(close(m.averagePrecision.value, c.averagePrecision)).toBe(true);
        expect(close(m.rocAuc.value, c.rocAuc)).toBe(true);
        for (const level of ['0.01', '0.05', '0.1']) expect(close(m.tprAtFpr[level].value, c.tprAtFpr ? c.tprAtFpr[level] : null)).toBe(true);
      }
    });
  }

  it('clusters the bootstrap by the group column and writes md and csv', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ label: i % 3 === 0 ? 1 : 0, score: ((i * 37) % 101) / 100 + (i % 3 === 0 ? 0.3 : 0), doc: `d${i % 20}` }));
    writeFileSync(join(dir, 'grouped.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const grouped = JSON.parse((await cli(['metrics', 'grouped.jsonl', '--group-column', 'doc', '--bootstrap', '200'])).stdout);
    expect(grouped.clusters).toBe(20);
    expect(grouped.bootstrap.cluster).toBe('group');
    const md = (await cli(['metrics', 'grouped.jsonl', '--format', 'md', '--bootstrap', '50'])).stdout;
    expect(md).toMatch(/\| roc_auc \| \d\.\d{4} \[\d\.\d{4}, \d\.\d{4}\] \|/);
    const csv = parse((await cli(['metrics', 'grouped.jsonl', '--format', 'csv', '--bootstrap', '0'])).stdout, { columns: true }) as Array<Record<string, string>>;
    expect(csv.find((r) => r.metric === 'n')!.value).toBe('200');
    expect(Number(csv.find((r) => r.metric === 'roc_auc')!.value)).toBe(grouped.rocAuc.value);
  });

  it('reads quoted CSV fields with commas and newlines', async () => {
    writeFileSync(join(dir, 'quoted.csv'), 'text,label,score\n"a, b\nc",1,0.9\n"plain",0,0.1\n"x ""y""",0,0.2\n');
    const m = JSON.parse((await cli(['metrics', 'quoted.csv', '--bootstrap', '0'])).stdout);
    expect(m).toMatchObject({ n: 3, positives: 1, negatives: 2 });
    expect(m.rocAuc.value).toBe(1);
  });

  it('fails with file, line and field on bad rows (exit 2)', async () => {
    writeFileSync(join(dir, 'nan.csv'), 'label,score\n1,0.5\n0,NaN\n');
    const nan = await cli(['metrics', 'nan.csv']);
    expect(nan.code).toBe(2);
    expect(nan.stderr).toMatch(/nan\.csv:3: field "score" must be a finite number/);
    writeFileSync(join(dir, 'label.jsonl'), '{"label":1,"score":1}\n\n{"label":"yes","score":1}\n');
    expect((await cli(['metrics', 'label.jsonl'])).stderr).toMatch(/label\.jsonl:3: field "label" must be 0 or 1/);
    writeFileSync(join(dir, 'broken.jsonl'), '{"label":1,"score":1}\n{"label":0,"score":\n');
    expect((await cli(['metrics', 'broken.jsonl'])).stderr).toMatch(/broken\.jsonl:2: not valid JSON/);
    writeFileSync(join(dir, 'nohead.csv'), 'y,s\n1,2\n');
    expect((await cli(['metrics', 'nohead.csv'])).stderr).toMatch(/nohead\.csv:1: no "label" column/);
    expect((await cli(['metrics', 'missing.jsonl'])).code).toBe(2);
    expect((await cli(['metrics', 'nan.csv', '--threshold', 'label'])).code).toBe(2);
    expect((await cli(['metrics', 'nan.csv', '--format', 'xml'])).code).toBe(2);
  });
});
