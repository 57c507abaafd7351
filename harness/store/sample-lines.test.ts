import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleLines, type SampleLine } from './sample-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-sample-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string): string {
  const path = join(dir, `s${files++}.jsonl`);
  writeFileSync(path, content);
  return path;
}

async function all(path: string): Promise<SampleLine[]> {
  const out: SampleLine[] = [];
  for await (const s of sampleLines(path)) out.push(s);
  return out;
}

describe('sampleLines', () => {
  it('gives every sample\'s id, task and whole value, in file order, whatever the key order or line ending (property)', async () => {
    const sample = fc.record({
      id: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      task: fc.constantFrom('tamper', 'reuse', 'spans'),
      text: fc.string({ unit: 'grapheme', maxLength: 40 }),
      builderOrder: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), async (samples, eol, finalEol) => {
        const lines = samples.map(({ id, task, text, builderOrder }) => JSON.stringify(builderOrder ? { id, task, text } : { text, task, id }));
        const path = file(lines.join(eol) + (finalEol && lines.length > 0 ? eol : ''));
        const read = await all(path);
        expect(read.map((s) => [s.id, s.task])).toEqual(samples.map((s) => [s.id, s.task]));
        expect(read.map((s) => s.parse())).toEqual(lines.map((l) => JSON.parse(l)));
      }),
      { numRuns: 60 },
    );
  });

  it('finds lines across read chunks and skips blank lines, counting them for line numbers', async () => {
    const long = 'x'.repeat(1_500_000);
    const path = file(`{"id":"a","task":"tamper","text":"${long}"}\n\n   \n{"id":"b","task":"reuse"}\n`);
    const read = await all(path);
    expect(read.map((s) => [s.id, s.line])).toEqual([
      ['a', 1],
      ['b', 4],
    ]);
    expect((read[0].parse() as { text: string }).text).toHaveLength(long.length);
  });

  it('fails on a line that is not JSON or has no id, naming file and line', async () => {
    await expect(all(file('{"id":"a","task":"tamper"}\n{oops\n'))).rejects.toThrow(/s\d+\.jsonl:2: not valid JSON/);
    await expect(all(file('{"task":"tamper"}\n'))).rejects.toThrow(/:1: a sample needs a string "id"/);
    await expect(all(join(dir, 'missing.jsonl'))).rejects.toThrow(/file not found/);
  });
});
