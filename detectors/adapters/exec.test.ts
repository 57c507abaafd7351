import { describe, expect, it, afterEach } from 'vitest';
import { copyFileSync, mkdtempSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetectorItem, DetectorResult } from '../../core/types.js';
import { exitCodeFor } from '../../core/errors.js';
import { loadDetector, type LoadedDetectorInfo } from '../load.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const script = join(fixtures, 'misbehave.mjs');
const opened: LoadedDetectorInfo[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.detector.close?.()));
});

async function load(extra: Record<string, unknown> = {}, args: string[] = [], logs: string[] = []): Promise<LoadedDetectorInfo> {
  const loaded = await loadDetector({ type: 'exec', command: [process.execPath, 'misbehave.mjs', ...args], timeoutMs: 400, startupTimeoutMs: 5000, ...extra }, fixtures, { onLog: (l) => logs.push(l) });
  opened.push(loaded);
  return loaded;
}

const item = (id: string, text: string): DetectorItem => ({ id, task: 'tamper', text });
const plain = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => item(`${prefix}${i}`, `clean text number ${i} ${'z'.repeat(i % 17)}`));

/** Every item has exactly one result, in order, with a finite score or an error. */
function expectComplete(items: readonly DetectorItem[], results: readonly DetectorResult[]): void {
  expect(results.map((r) => r.id)).toEqual(items.map((i) => i.id));
  for (const r of results) expect(r.error !== undefined || Number.isFinite(r.score)).toBe(true);
}

describe('exec adapter', () => {
  it('takes name, version and tasks from the handshake and scores items across processes', async () => {
    const { detector, identity } = await load({ processes: 2 });
    expect([detector.name, detector.version, detector.tasks]).toEqual(['misbehave', '2.1', ['tamper', 'reuse']]);
    expect(identity).toMatchObject({ name: 'misbehave', version: '2.1' });
    const items = plain(2000);
    const results = await detector.score(items);
    expectComplete(items, results);
    results.forEach((r, i) => expect(r.score).toBe(items[i].text.length / 1000));
  });

  it('matches answers that come back out of order by id', async () => {
    const { detector } = await load({}, ['--reverse']);
    const items = plain(500);
    const results = await detector.score(items);
    results.forEach((r, i) => expect(r).toEqual({ id: items[i].id, status: 'scored', score: items[i].text.length / 1000 }));
  });

  it('ends every item with a score or a recorded error when the detector misbehaves in every way', async () => {
    const logs: string[] = [];
    const { detector } = await load({ processes: 2, maxResponseBytes: 1 << 20 }, [], logs);
    const faults = ['CRASH', 'HANG', 'DROP', 'GARBAGE', 'NAN', 'STRING', 'LABEL', 'BIG', 'UNKNOWN', 'ERROR', 'SPANS', 'STDERR'];
    const items = [...plain(40, 'a'), ...faults.map((f) => item(`f-${f}`, `text with ${f} in it`)), ...plain(40, 'b')];
    const results = await detector.score(items);
    expectComplete(items, results);
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const i of items.filter((x) => x.id.startsWith('a') || x.id.startsWith('b'))) expect(byId.get(i.id)).toEqual({ id: i.id, status: 'scored', score: i.text.length / 1000 });
    expect(byId.get('f-CRASH')?.error).toMatch(/exited with code 1 \(after one retry/);
    expect(byId.get('f-HANG')?.error).toMatch(/hung: no answer within 400 ms/);
    expect(byId.get('f-DROP')?.error).toMatch(/no answer within/);
    expect(byId.get('f-GARBAGE')?.error).toMatch(/no answer within/);
    expect(byId.get('f-NAN')?.error).toMatch(/not valid JSON/);
    expect(byId.get('f-STRING')?.error).toMatch(/score must be a finite number/);
    expect(byId.get('f-LABEL')?.error).toMatch(/label must be 0 or 1/);
    expect(byId.get('f-BIG')?.error).toMatch(/exceeds maxResponseBytes/);
    expect(byId.get('f-UNKNOWN')?.error).toMatch(/no answer within/);
    expect(byId.get('f-ERROR')).toEqual({ id: 'f-ERROR', status: 'error', error: 'model refused' });
    expect(byId.get('f-SPANS')).toEqual({ id: 'f-SPANS', status: 'scored', score: 1, spans: [[0, 4]] });
    expect(byId.get('f-STDERR')?.score).toBeGreaterThan(0);
    expect(logs.some((l) => l.includes('note about f-STDERR'))).toBe(true);
    expect(logs.some((l) => l.includes('unknown id "bogus-f-UNKNOWN"'))).toBe(true);
    expect(logs.some((l) => l.includes('this is not json'))).toBe(true);
  });

  it('retries the in-flight items of a crashed process once, so a transient crash loses nothing', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'gauntlet-exec-')), 'crashed');
    const { detector } = await load({ env: { MISBEHAVE_STATE: state } });
    const items = [...plain(30, 'a'), item('once', 'CRASH ONCE'), ...plain(30, 'b')];
    const results = await detector.score(items);
    expectComplete(items, results);
    expect(results.every((r) => r.error === undefined)).toBe(true);
    expect(results.find((r) => r.id === 'once')?.score).toBe(0.5);
  });

  it('restarts a process that exits on its own, with no item lost', async () => {
    // One item in flight at a time, so every exit strands exactly one item, retried on the next process.
    const { detector } = await load({ pipelineDepth: 1 }, ['--die-after', '7']);
    const items = plain(40);
    const results = await detector.score(items);
    results.forEach((r, i) => expect(r).toEqual({ id: items[i].id, status: 'scored', score: items[i].text.length / 1000 }));
  });

  it('fails to load, with the detector\'s stderr, when the process dies at start', async () => {
    const error = await load({}, ['--exit-at-start']).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cannot start detector.*exited with code 3.*cannot load model/);
    const missing = await loadDetector({ type: 'exec', command: ['no-such-program-for-gauntlet'] }, fixtures, { onLog: () => undefined }).catch((e: unknown) => e as Error);
    expect((missing as Error).message).toMatch(/could not start: .*ENOENT/);
  });

  it('declares a detector that never answers broken, and records the error on each item', async () => {
    const logs: string[] = [];
    const { detector } = await load({ handshake: 'none', maxRestarts: 2 }, ['--exit-at-start'], logs);
    const items = plain(20);
    const results = await detector.score(items);
    expectComplete(items, results);
    for (const r of results) expect(r.error).toMatch(/without answering anything|after one retry/);
    expect(logs.some((l) => l.includes('declared broken'))).toBe(true);
    const later = await detector.score(plain(3, 'later'));
    for (const r of later) expect(r.error).toMatch(/not running/);
  });

  it('names a detector without a handshake after its config file, resolving paths against the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-exec-'));
    copyFileSync(script, join(dir, 'det.mjs'));
    writeFileSync(join(dir, 'my-det.json'), JSON.stringify({ type: 'exec', command: [process.execPath, 'det.mjs', '--no-handshake'], handshakeWaitMs: 200, tasks: ['tamper'] }));
    const a = await loadDetector('my-det.json', dir, { onLog: () => undefined });
    opened.push(a);
    expect([a.detector.name, a.detector.version, a.detector.tasks]).toEqual(['my-det', '0', ['tamper']]);
    expect((await a.detector.score([item('x', 'abcd')]))[0]).toEqual({ id: 'x', status: 'scored', score: 0.004 });
    // Editing the script changes the identity hash; loading it unchanged does not.
    const b = await loadDetector(join(dir, 'my-det.json'), '/', { onLog: () => undefined });
    opened.push(b);
    expect(b.identity.hash).toBe(a.identity.hash);
    appendFileSync(join(dir, 'det.mjs'), '\n// v2\n');
    const c = await loadDetector(join(dir, 'my-det.json'), '/', { onLog: () => undefined });
    opened.push(c);
    expect(c.identity.hash).not.toBe(a.identity.hash);
  });

  it('turns an item answered twice into an error, and keeps the other items', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-exec-twice-'));
    // Answers every item; an item whose text says TWICE is answered twice, both times before the next item.
    writeFileSync(
      join(dir, 'twice.mjs'),
      `import { createInterface } from 'node:readline';
createInterface({ input: process.stdin }).on('line', (line) => {
  const item = JSON.parse(line);
  const answer = JSON.stringify({ id: item.id, score: 0.5 }) + '\\n';
  process.stdout.write(item.text.includes('TWICE') ? answer + answer : answer);
});
`,
    );
    const logs: string[] = [];
    const loaded = await loadDetector({ type: 'exec', command: [process.execPath, 'twice.mjs'], handshake: 'none', name: 'twice', version: '1', tasks: ['tamper'] }, dir, { onLog: (l) => logs.push(l) });
    opened.push(loaded);
    const results = await loaded.detector.score([item('t1', 'once'), item('t2', 'say it TWICE'), item('t3', 'once')]);
    expect(results).toEqual([
      { id: 't1', status: 'scored', score: 0.5 },
      { id: 't2', status: 'error', error: 'answered twice for this item' },
      { id: 't3', status: 'scored', score: 0.5 },
    ]);
    expect(logs.some((l) => l.includes('a second answer for id "t2"'))).toBe(true);
  });

  it('rejects duplicate ids within one call instead of guessing', async () => {
    const { detector } = await load();
    const results = await detector.score([item('same', 'one'), item('same', 'two')]);
    expect(results[0].score).toBe(0.003);
    expect(results[1].error).toMatch(/duplicate id/);
  });

  it('sends texts and ids outside ASCII intact, in UTF-8', async () => {
    const { detector } = await load();
    // Accents, a CJK character, an emoji (a surrogate pair), a quote and a backslash: JSON escapes and multi-byte UTF-8 alike.
    const items = [item('é/"1"\\', 'déjà vu 東京 🎉 "quoted" \\ end'), item('p2', 'plain'), item('😀', '\u2028 line separator')];
    const results = await detector.score(items);
    expect(results.map((r) => [r.id, r.score])).toEqual(items.map((i) => [i.id, i.text.length / 1000]));
  });

  it('the bench echo detector answers every request, ids with quotes and multi-byte characters included', async () => {
    const loaded = await loadDetector({ type: 'exec', command: [process.execPath, 'echo.mjs'], name: 'echo', version: '1', tasks: ['tamper'], handshake: 'none' }, fixtures, { onLog: () => undefined });
    opened.push(loaded);
    const items = [item('a"b\\c', 'x'), item('東京-🎉', 'y'), ...plain(3000)];
    const results = await loaded.detector.score(items);
    expect(results.map((r) => [r.id, r.score])).toEqual(items.map((i) => [i.id, 0]));
  });
});

describe('detector config errors', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['unknown type', { type: 'grpc' }, /type: must be "exec", "http" or "module"/],
    ['missing command', { type: 'exec' }, /command:/],
    ['empty command', { type: 'exec', command: [] }, /command: must name a program/],
    ['typo', { type: 'exec', command: ['x'], comand: ['y'] }, /comand/],
    ['bad task', { type: 'http', url: 'http://127.0.0.1:1/', tasks: ['summarise'] }, /tasks\.0/],
    ['bad url', { type: 'http', url: 'ftp://x' }, /url: must be an http/],
    ['missing module', { type: 'module', path: './nope.mjs' }, /path: module not found/],
  ];
  for (const [what, config, message] of cases) {
    it(`rejects ${what} with exit code 2, naming the file and field`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gauntlet-cfg-'));
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(config));
      const error = await loadDetector('bad.json', dir).catch((e: unknown) => e);
      expect(exitCodeFor(error)).toBe(2);
      expect((error as Error).message).toMatch(/^bad\.json: /);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('rejects unknown names, missing files and files that are not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-cfg-'));
    writeFileSync(join(dir, 'broken.json'), '{"type": "exec",');
    for (const [spec, message] of [['nonesuch', /unknown detector "nonesuch"/], ['gone.json', /not found/], ['broken.json', /not valid JSON/]] as const) {
      const error = await loadDetector(spec, dir).catch((e: unknown) => e);
      expect(exitCodeFor(error)).toBe(2);
      expect((error as Error).message).toMatch(message);
    }
  });
});
