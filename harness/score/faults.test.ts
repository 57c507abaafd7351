/**
 * Fault injection, end to end through the CLI: each detector fault (exec
 * crash, hang, a wrapper whose child ignores EOF, a never-settling init,
 * garbage, duplicates, out-of-order and slow answers, HTTP 429/5xx/redirects,
 * huge bodies) must end with exactly one record per item (scored + errors =
 * items), the documented exit code, and no detector process left alive.
 * Runs go through cli/main in-process; what needs a real process (signals,
 * two runs at once, an event loop that drains) spawns cli/gauntlet.ts.
 * Timeouts are a few hundred ms so the whole file stays fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../core/version.js';
import { runCli, type CliResult } from '../../cli/fixtures/run-cli.js';

const root = packageRoot();
const misbehave = join(root, 'detectors', 'fixtures', 'misbehave.mjs');
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const gauntletTs = join(root, 'cli', 'gauntlet.ts');
const work = mkdtempSync(join(tmpdir(), 'gauntlet-faults-'));
let seq = 0;
const fresh = (name: string) => join(work, `${name}-${++seq}`);


/** The CLI in-process, as gauntlet.ts runs it. */
const cli = (argv: string[], cwd = work): Promise<CliResult> => runCli(argv, { cwd });

/** Every CLI spawned here, and every detector process that wrote a pid file: killed at the end if a failed test left them running. */
const spawned: Array<ReturnType<typeof spawn>> = [];
afterAll(() => {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const file of readdirSync(work).filter((f) => f.endsWith('.pids'))) {
    for (const pid of pidsIn(join(work, file)).filter(alive)) process.kill(pid, 'SIGKILL');
  }
});

/** The real entry in its own process (signals, exit codes set by gauntlet.ts, the event loop). */
function spawnCli(argv: string[], cwd = work) {
  const child = spawn(process.execPath, ['--import', tsxLoader, gauntletTs, ...argv], { cwd, env: { ...process.env, GAUNTLET_WORKERS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr })));
  return { child, done };
}

/** A small tamper dataset: one document per marker (the marker in its text picks misbehave's fault), two samples each. */
const datasets = new Map<string, Promise<{ dir: string; ids: string[]; texts: Map<string, string> }>>();
function dataset(markers: string[]) {
  const key = markers.join(',');
  if (!datasets.has(key)) {
    datasets.set(
      key,
      (async () => {
        const dir = fresh('ds');
        const corpus = `${dir}.jsonl`;
        const docs = markers.map((m, i) => JSON.stringify({ id: `doc${i}`, text: `Document ${i} ${m} speaks of Montréal.\nIt has two lines, café and crème.` }));
        writeFileSync(corpus, `${docs.join('\n')}\n`);
        const suite = `${dir}.suite.json`;
        writeFileSync(suite, JSON.stringify({ name: 'faults', seed: 1, tasks: ['tamper'], corpus: { kind: 'path', path: corpus }, generators: [{ name: 'flatten-whitespace', intensities: [1] }] }));
        const built = await cli(['build', '--suite', suite, '--out', dir, '--quiet']);
        expect(built.code, built.stderr).toBe(0);
        const samples = readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string });
        return { dir, ids: samples.map((s) => s.id), texts: new Map(samples.map((s) => [s.id, s.text])) };
      })(),
    );
  }
  return datasets.get(key)!;
}

function detectorFile(config: Record<string, unknown>): string {
  const path = `${fresh('det')}.json`;
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const exec = (args: string[] = [], extra: Record<string, unknown> = {}) => detectorFile({ type: 'exec', command: [process.execPath, misbehave, ...args], timeoutMs: 300, startupTimeoutMs: 3000, ...extra });

interface ScoreLine {
  sampleId: string;
  detector: string;
  score?: number;
  error?: string;
}

function scoresOf(runDir: string): ScoreLine[] {
  const path = join(runDir, 'scores.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ScoreLine);
}

/** Exactly one record per item: scored + errors = items. Returns the records by sample id. */
function expectOneRecordEach(runDir: string, ids: readonly string[]): Map<string, ScoreLine> {
  const records = scoresOf(runDir);
  expect(records.map((r) => r.sampleId).sort()).toEqual([...ids].sort());
  for (const r of records) expect(Number.isFinite(r.score) !== (r.error !== undefined)).toBe(true);
  return new Map(records.map((r) => [r.sampleId, r]));
}

const errorsOf = (byId: Map<string, ScoreLine>) => [...byId.values()].filter((r) => r.error !== undefined);

/** Alive and not a zombie (an orphan whose reaper has not run yet is gone for our purposes). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch {
    try {
      process.kill(pid, 0);
      return !existsSync('/proc/self');
    } catch {
      return false;
    }
  }
}

function pidsIn(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
}

async function expectAllGone(pidFile: string): Promise<void> {
  const pids = pidsIn(pidFile);
  expect(pids.length).toBeGreaterThan(0);
  // SIGKILL is delivered at once, but the kernel may take a moment to tear the process down.
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 20));
  expect(pids.filter(alive)).toEqual([]);
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const run = (ds: string, detector: string, out: string, ...more: string[]) => cli(['run', '--dataset', ds, '--detector', detector, '--out', out, '--quiet', '--no-cache', ...more]);

describe('exec faults', () => {
  it('a crash on some items: those items become errors, the rest are scored, exit 0', async () => {
    const ds = await dataset(['CRASH', 'fine', 'fine too']);
    const out = fresh('run');
    const result = await run(ds.dir, exec(), out);
    expect(result.code, result.stderr).toBe(0);
    const byId = expectOneRecordEach(out, ds.ids);
    const errors = errorsOf(byId);
    expect(errors.map((e) => e.sampleId).sort()).toEqual(ds.ids.filter((id) => ds.texts.get(id)!.includes('CRASH')).sort());
    for (const e of errors) expect(e.error).toMatch(/exited with code 1/);
  }, 15_000);

  it('a detector that crashes on everything fails the run: exit 3 naming it, every item an error', async () => {
    const ds = await dataset(['CRASH', 'CRASH again']);
    const out = fresh('run');
    const result = await run(ds.dir, exec([], { maxRestarts: 1 }), out);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the run failed for "misbehave"/);
    expect(errorsOf(expectOneRecordEach(out, ds.ids))).toHaveLength(ds.ids.length);
  }, 15_000);

  it('a hang: the hung items time out as errors, the others are scored', async () => {
    const ds = await dataset(['HANG', 'fine']);
    const out = fresh('run');
    const result = await run(ds.dir, exec(), out);
    expect(result.code, result.stderr).toBe(0);
    const errors = errorsOf(expectOneRecordEach(out, ds.ids));
    expect(errors.length).toBe(ds.ids.filter((id) => ds.texts.get(id)!.includes('HANG')).length);
    for (const e of errors) expect(e.error).toMatch(/hung: no answer within 300 ms/);
  }, 15_000);

  it('a wrapper (bash -c) whose child hangs and ignores EOF: the run ends and no process of it survives', async () => {
    const ds = await dataset(['HANG', 'fine']);
    const out = fresh('run');
    const pidFile = `${out}.pids`;
    const wrapper = detectorFile({ type: 'exec', command: ['bash', '-c', `"${process.execPath}" "${misbehave}" --ignore-eof --pid-file "${pidFile}"; true`], timeoutMs: 300, startupTimeoutMs: 3000 });
    const result = await run(ds.dir, wrapper, out);
    expect(result.code, result.stderr).toBe(0);
    expectOneRecordEach(out, ds.ids);
    // The first process, the restarts after each hang, the last one closed at the end: every one gone.
    expect(pidsIn(pidFile).length).toBeGreaterThanOrEqual(2);
    await expectAllGone(pidFile);
  }, 20_000);

  it('garbage and huge lines: non-JSON stdout is logged to log.txt, named once on the console; unreadable answers are errors', async () => {
    const ds = await dataset(['NOISE', 'NAN', 'BIG', 'fine']);
    const out = fresh('run');
    const result = await run(ds.dir, exec([], { maxResponseBytes: 1 << 20 }), out);
    expect(result.code, result.stderr).toBe(0);
    const byId = expectOneRecordEach(out, ds.ids);
    for (const [id, r] of byId) {
      const text = ds.texts.get(id)!;
      if (text.includes('NAN')) expect(r.error).toMatch(/not valid JSON/);
      else if (text.includes('BIG')) expect(r.error).toMatch(/exceeds maxResponseBytes/);
      else expect(r.score).toBe(text.length / 1000);
    }
    expect(readFileSync(join(out, 'log.txt'), 'utf8')).toContain('loading weights... done');
    const notes = `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.includes('not protocol answers'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(join(out, 'log.txt'));
  }, 15_000);

  it('duplicate answers, out-of-order answers and slow answers: one record per item, each answer on its own item', async () => {
    const ds = await dataset(['TWICE', 'SLOW', 'fine', 'also fine']);
    const out = fresh('run');
    const result = await run(ds.dir, exec(['--reverse'], { timeoutMs: 1000 }), out);
    expect(result.code, result.stderr).toBe(0);
    for (const [id, r] of expectOneRecordEach(out, ds.ids)) {
      const text = ds.texts.get(id)!;
      // An item answered twice in one call cannot be trusted: it becomes an error, never one of the two scores.
      if (text.includes('TWICE')) expect(r.error ?? r.score).not.toBe(0.25);
      else expect(r.score).toBe(text.length / 1000);
    }
  }, 15_000);

  it('a usage error after exec detectors started (the same detector twice): exit 2 at once, no detector process left', async () => {
    const ds = await dataset(['fine']);
    const out = fresh('run');
    const pidFile = `${out}.pids`;
    const det = exec(['--pid-file', pidFile]);
    const result = await cli(['run', '--dataset', ds.dir, '--detector', det, '--detector', det, '--out', out, '--quiet', '--no-cache']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/two detectors are named "misbehave"/);
    expect(pidsIn(pidFile)).toHaveLength(2);
    await expectAllGone(pidFile);
  }, 15_000);

  it('a handshake name with terminal escapes reaches no output raw, an error naming the detector included', async () => {
    const dir = fresh('esc');
    const script = `${dir}.mjs`;
    writeFileSync(
      script,
      `import { createInterface } from 'node:readline';
process.stdout.write(JSON.stringify({ handshake: 1, name: 'evil\\u001b]0;pwned\\u0007', version: '1\\u001b[2J', tasks: ['tamper'] }) + '\\n');
createInterface({ input: process.stdin }).on('line', (l) => process.stdout.write(JSON.stringify({ id: JSON.parse(l).id, error: 'model not loaded' }) + '\\n'));
`,
    );
    const ds = await dataset(['fine']);
    const out = fresh('run');
    const result = await run(ds.dir, detectorFile({ type: 'exec', command: [process.execPath, script] }), out);
    // Every item failed: the run fails naming the detector, in its terminal-safe spelling.
    expect(result.code).toBe(3);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/[\u0007\u001b]/);
    expect(result.stderr).toContain('the run failed for "evil\\x1b]0;pwned\\x07"');
  }, 15_000);
});

describe('module faults', () => {
  it('an init() that never settles fails the run naming the detector (exit 3), within its startupTimeoutMs', async () => {
    const dir = fresh('mod');
    writeFileSync(`${dir}.mjs`, `export default { name: 'stuck', version: '1', tasks: ['tamper'], init: () => new Promise(() => {}), score: (items) => items.map((i) => ({ id: i.id, score: 0 })) };\n`);
    const ds = await dataset(['fine']);
    const started = Date.now();
    const result = await run(ds.dir, detectorFile({ type: 'module', path: `${dir}.mjs`, startupTimeoutMs: 300 }), fresh('run'));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/detector "stuck": init\(\) did not settle within 300 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);

  it('the CLI never exits 0 with its work unfinished: a close() that never settles ends in exit 3, "a promise never settled"', async () => {
    const dir = fresh('mod');
    writeFileSync(`${dir}.mjs`, `export default { name: 'sticky', version: '1', tasks: ['tamper'], score: (items) => items.map((i) => ({ id: i.id, score: 0.5 })), close: () => new Promise(() => {}) };\n`);
    const ds = await dataset(['fine']);
    const { done } = spawnCli(['run', '--dataset', ds.dir, '--detector', `${dir}.mjs`, '--out', fresh('run'), '--quiet', '--no-cache']);
    const result = await done;
    expect(result.stderr).toContain('gauntlet: internal error: a promise never settled');
    expect(result.code).toBe(3);
  }, 15_000);
});

/** A detector service on 127.0.0.1: the path picks the behaviour, requests are counted per path. */
let server: Server;
let base = '';
const hits = new Map<string, number>();
const seen: Array<{ url: string; headers: IncomingMessage['headers'] }> = [];
const SECRET = { header: 'Bearer sk-live-planted-header-0123456789', query: 'qtoken-planted-5678', user: 'planted-user', password: 'planted-pass-9876', env: 'env-planted-secret-4321' };

function answer(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    seen.push({ url: req.url ?? '', headers: req.headers });
    const items = (JSON.parse(body) as { items: Array<{ id: string; text: string }> }).items;
    const ok = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results: items.map((i) => ({ id: i.id, score: i.text.length / 1000 })) }));
    };
    if (path === '/busy' && n === 1) res.writeHead(429, { 'retry-after': '0' }).end('slow down');
    else if (path === '/down') res.writeHead(500).end('down');
    else if (path === '/moved') res.writeHead(302, { location: `http://user2:pw2-planted@127.0.0.1:1/v2/score?key=${SECRET.query}` }).end();
    else if (path === '/huge') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: [], padding: 'x'.repeat(200_000) }));
    else if (path === '/secret' && n === 1) res.writeHead(500).end(`denied for ${String(req.headers.authorization)}`);
    else if (path === '/secret') {
      // Echoes the credentials it got in one item's error: the record must not keep them.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results: items.map((i, k) => (k === 0 ? { id: i.id, error: `key ${String(req.headers['x-api-key'])} and ${String(req.headers.authorization)} rejected` } : { id: i.id, score: 0.5 })) }));
    } else ok();
  });
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const http = (path: string, extra: Record<string, unknown> = {}) => detectorFile({ type: 'http', url: `${base}${path}`, name: `http-${path.slice(1)}`, timeoutMs: 2000, retries: 2, backoffMs: 10, ...extra });

describe('HTTP faults', () => {
  it('429 then success: retried, every item scored, exit 0', async () => {
    const ds = await dataset(['fine', 'fine too']);
    const out = fresh('run');
    const result = await run(ds.dir, http('/busy'), out);
    expect(result.code, result.stderr).toBe(0);
    expect(errorsOf(expectOneRecordEach(out, ds.ids))).toEqual([]);
  }, 15_000);

  it('a service that answers 500 to everything: every item an error after the retries, exit 3 naming it', async () => {
    const ds = await dataset(['fine', 'fine too']);
    const out = fresh('run');
    const result = await run(ds.dir, http('/down'), out);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the run failed for "http-down"/);
    const errors = errorsOf(expectOneRecordEach(out, ds.ids));
    expect(errors).toHaveLength(ds.ids.length);
    for (const e of errors) expect(e.error).toMatch(/HTTP 500/);
  }, 15_000);

  it('a redirect is not followed nor retried: the items name where it points, without credentials or query values', async () => {
    const ds = await dataset(['fine', 'fine too']);
    const out = fresh('run');
    hits.delete('/moved');
    const result = await run(ds.dir, http('/moved'), out);
    expect(result.code).toBe(3);
    const errors = errorsOf(expectOneRecordEach(out, ds.ids));
    for (const e of errors) {
      expect(e.error).toContain('HTTP 302 redirect to http://127.0.0.1:1/v2/score?key=%3Credacted%3E (redirects are not followed: point url at the final endpoint)');
      expect(e.error).not.toMatch(/pw2-planted|qtoken/);
    }
    // One request per batch: not retried as if the network had failed.
    expect(hits.get('/moved')).toBe(1);
  }, 15_000);

  it('a body over maxResponseBytes: the items get the error, exit 3', async () => {
    const ds = await dataset(['fine', 'fine too']);
    const out = fresh('run');
    const result = await run(ds.dir, http('/huge', { maxResponseBytes: 100_000 }), out);
    expect(result.code).toBe(3);
    for (const e of errorsOf(expectOneRecordEach(out, ds.ids))) expect(e.error).toMatch(/exceeds maxResponseBytes \(100000\)/);
  }, 15_000);
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets', () => {
  it('no file written by a build or a run, nor the console, holds a planted secret (headers, env, URL credentials, query token)', async () => {
    const dir = fresh('secrets');
    const ds = await dataset(['fine', 'fine too']);
    const corpus = `${ds.dir}.jsonl`;
    const suiteFile = `${dir}.suite.json`;
    const url = `http://${SECRET.user}:${SECRET.password}@127.0.0.1:${new URL(base).port}/secret?token=${SECRET.query}`;
    writeFileSync(
      suiteFile,
      JSON.stringify({
        name: 'secrets',
        seed: 1,
        tasks: ['tamper'],
        corpus: { kind: 'path', path: corpus },
        generators: [{ name: 'flatten-whitespace', intensities: [1] }],
        detectors: [
          { type: 'http', name: 'svc', url, headers: { 'x-api-key': SECRET.header }, retries: 1, backoffMs: 10 },
          { type: 'exec', name: 'local', version: '1', tasks: ['tamper'], command: [process.execPath, misbehave, '--print-env', 'API_SECRET'], env: { API_SECRET: SECRET.env } },
        ],
      }),
    );
    const built = await cli(['build', '--suite', suiteFile, '--out', join(dir, 'dataset'), '--quiet'], dir);
    expect(built.code, built.stderr).toBe(0);
    const ran = await cli(['run', '--suite', suiteFile, '--out', join(dir, 'run'), '--quiet'], dir);
    expect(ran.code, ran.stderr).toBe(0);
    // The secrets were used: credentials as a Basic header, the token in the query, the header as given.
    const got = seen.filter((s) => s.url.startsWith('/secret'));
    expect(got.length).toBeGreaterThan(1);
    expect(got[0].url).toContain(SECRET.query);
    expect(got[0].headers['x-api-key']).toBe(SECRET.header);
    expect(got[0].headers.authorization).toBe(`Basic ${Buffer.from(`${SECRET.user}:${SECRET.password}`).toString('base64')}`);
    const scores = scoresOf(join(dir, 'run'));
    expect(scores.filter((s) => s.detector === 'svc' && s.error !== undefined)).toHaveLength(1);
    expect(scores).toHaveLength(2 * ds.ids.length);
    const planted = [...Object.values(SECRET), 'sk-live-planted-header-0123456789', Buffer.from(`${SECRET.user}:${SECRET.password}`).toString('base64')];
    const written = filesUnder(dir).map((path) => ({ path, text: readFileSync(path, 'latin1') }));
    expect(written.length).toBeGreaterThan(8);
    for (const { path, text } of [...written, { path: 'console', text: built.stdout + built.stderr + ran.stdout + ran.stderr }]) {
      for (const secret of planted) expect(text.includes(secret), `${secret} in ${path}`).toBe(false);
    }
    expect(readFileSync(join(dir, 'run', 'log.txt'), 'utf8')).toContain('API_SECRET=<redacted>');
  }, 20_000);
});

describe('process lifecycle', () => {
  it('two runs started together on one --out: one complete run, one clear error', async () => {
    const ds = await dataset(['SLOW', 'SLOW too', 'fine']);
    const out = fresh('run');
    const det = exec([], { timeoutMs: 2000 });
    const [a, b] = await Promise.all([0, 1].map(() => spawnCli(['run', '--dataset', ds.dir, '--detector', det, '--out', out, '--quiet', '--no-cache']).done));
    const codes = [a.code, b.code].sort();
    expect(codes, a.stderr + b.stderr).toEqual([0, 2]);
    const loser = a.code === 2 ? a : b;
    expect(loser.stderr).toMatch(/another gauntlet process \(pid \d+\) is writing|not empty|--force/);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).status).toBe('complete');
    expectOneRecordEach(out, ds.ids);
  }, 20_000);

  it('SIGTERM ends a run whose wrapped detector hangs: status interrupted, exit 3, no detector process left', async () => {
    const ds = await dataset(['HANG', 'fine']);
    const out = fresh('run');
    const pidFile = `${out}.pids`;
    const det = detectorFile({ type: 'exec', command: ['bash', '-c', `"${process.execPath}" "${misbehave}" --ignore-eof --pid-file "${pidFile}"; true`], timeoutMs: 400, startupTimeoutMs: 5000 });
    const { child, done } = spawnCli(['run', '--dataset', ds.dir, '--detector', det, '--out', out, '--quiet', '--no-cache']);
    await waitFor(() => pidsIn(pidFile).length > 0 && existsSync(join(out, 'run.json')), 10_000);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code, result.stderr).toBe(3);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).status).toBe('interrupted');
    await expectAllGone(pidFile);
  }, 20_000);

  it('a second signal forces the exit at once (exit 3) and still takes the detector processes along', async () => {
    const ds = await dataset(['HANG', 'fine']);
    const out = fresh('run');
    const pidFile = `${out}.pids`;
    const det = detectorFile({ type: 'exec', command: ['bash', '-c', `"${process.execPath}" "${misbehave}" --ignore-eof --pid-file "${pidFile}"; true`], timeoutMs: 60_000, startupTimeoutMs: 5000 });
    const { child, done } = spawnCli(['run', '--dataset', ds.dir, '--detector', det, '--out', out, '--quiet', '--no-cache']);
    await waitFor(() => pidsIn(pidFile).length > 0 && existsSync(join(out, 'run.json')), 10_000);
    // Let the hanging item be sent before the signals.
    await new Promise((r) => setTimeout(r, 300));
    const sent = Date.now();
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    const result = await done;
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/SIGTERM again: stopping now/);
    await expectAllGone(pidFile);
  }, 20_000);
});
