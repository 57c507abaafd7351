import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DetectorItem } from '../../core/types.js';
import { loadDetector } from '../load.js';
import { parseRetryAfter } from '../../core/http-retry.js';

/**
 * A scripted detector service on 127.0.0.1. The path picks the behaviour;
 * every request is counted, so retries are seen, not assumed.
 */
type Handler = (items: DetectorItem[], res: ServerResponse, n: number) => void;
const requests = new Map<string, number>();
let active = 0;
let maxActive = 0;
const score = (items: DetectorItem[]) => items.map((i) => ({ id: i.id, score: i.text.length / 100 }));
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const handlers: Record<string, Handler> = {
  '/ok': (items, res) => json(res, 200, { results: score(items).reverse() }),
  '/slow-ok': (items, res) => setTimeout(() => json(res, 200, { results: score(items) }), 30),
  '/flaky': (items, res, n) => (n <= 2 ? json(res, 503, 'busy', { 'retry-after': '0' }) : json(res, 200, { results: score(items) })),
  '/busy': (items, res, n) => (n === 1 ? json(res, 429, 'slow down', { 'retry-after': '0' }) : json(res, 200, { results: score(items) })),
  '/down': (_items, res) => json(res, 500, 'internal error'),
  '/bad-request': (_items, res) => json(res, 400, { detail: 'text too long' }),
  '/hang': () => undefined,
  '/garbage': (_items, res) => json(res, 200, '<html>not json</html>'),
  '/no-results': (_items, res) => json(res, 200, { scores: [] }),
  '/huge': (_items, res) => json(res, 200, { results: [], padding: 'x'.repeat(300_000) }),
  '/hostile': (items, res) =>
    json(res, 200, {
      results: [
        { id: items[0].id, score: 'NaN' },
        { id: items[1].id, score: 0.5, label: 1 },
        { id: items[1].id, score: 0.9 },
        { id: 'not-asked', score: 1 },
        { id: items[2].id, error: 'too short' },
        42,
      ],
    }),
};

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const n = (requests.get(path) ?? 0) + 1;
    requests.set(path, n);
    active++;
    maxActive = Math.max(maxActive, active);
    res.on('close', () => active--);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const { items } = JSON.parse(body) as { items: DetectorItem[] };
      (handlers[path] ?? ((_i, r) => json(r, 404, 'no such path')))(items, res, n);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const items = (n: number): DetectorItem[] => Array.from({ length: n }, (_, i) => ({ id: `h${i}`, task: 'reuse', text: `candidate ${i}`, source: `source ${i}` }));
const logs: string[] = [];
const load = async (path: string, extra: Record<string, unknown> = {}) =>
  (await loadDetector({ type: 'http', url: `${base}${path}`, backoffMs: 1, timeoutMs: 2000, ...extra }, '.', { onLog: (l) => logs.push(l) })).detector;

describe('http adapter', () => {
  it('scores batches across concurrent requests, matching answers by id', async () => {
    maxActive = 0;
    const detector = await load('/slow-ok', { batchSize: 10, concurrency: 3 });
    const batch = items(95);
    const results = await detector.score(batch);
    results.forEach((r, i) => expect(r).toEqual({ id: batch[i].id, status: 'scored', score: batch[i].text.length / 100 }));
    expect(requests.get('/slow-ok')).toBe(10);
    expect(maxActive).toBeLessThanOrEqual(3);
    expect(maxActive).toBeGreaterThan(1);
  });

  it('accepts answers in any order', async () => {
    const batch = items(7);
    const results = await (await load('/ok')).score(batch);
    expect(results.map((r) => r.id)).toEqual(batch.map((i) => i.id));
  });

  it('retries 503 and 429 answers, honouring Retry-After, until the service answers', async () => {
    const batch = items(5);
    for (const path of ['/flaky', '/busy']) {
      const results = await (await load(path)).score(batch);
      expect(results.every((r) => r.score !== undefined)).toBe(true);
    }
    expect(requests.get('/flaky')).toBe(3);
    expect(requests.get('/busy')).toBe(2);
  });

  it('gives up after the configured retries and records the error on every item', async () => {
    const results = await (await load('/down', { retries: 2 })).score(items(4));
    expect(requests.get('/down')).toBe(3);
    for (const r of results) expect(r.error).toMatch(/HTTP 500/);
  });

  it('does not retry other 4xx answers, and keeps the body in the error', async () => {
    const results = await (await load('/bad-request')).score(items(2));
    expect(requests.get('/bad-request')).toBe(1);
    for (const r of results) expect(r.error).toMatch(/HTTP 400: .*text too long/);
  });

  it('times out a service that never answers', async () => {
    const results = await (await load('/hang', { timeoutMs: 150, retries: 1 })).score(items(2));
    expect(requests.get('/hang')).toBe(2);
    for (const r of results) expect(r.error).toMatch(/timed out/);
  });

  it('records malformed and oversized bodies as errors', async () => {
    const garbage = await (await load('/garbage')).score(items(2));
    for (const r of garbage) expect(r.error).toMatch(/not JSON/);
    const none = await (await load('/no-results')).score(items(2));
    for (const r of none) expect(r.error).toMatch(/no "results" array/);
    const huge = await (await load('/huge', { maxResponseBytes: 100_000 })).score(items(2));
    for (const r of huge) expect(r.error).toMatch(/exceeds maxResponseBytes/);
  });

  it('rejects non-finite scores and unknown ids, fails an item answered twice, and flags missing ones', async () => {
    logs.length = 0;
    const batch = items(4);
    const results = await (await load('/hostile')).score(batch);
    expect(results[0].error).toMatch(/score must be a finite number/);
    expect(results[1]).toEqual({ id: 'h1', status: 'error', error: 'answered twice for this item' });
    expect(results[2]).toEqual({ id: 'h2', status: 'error', error: 'too short' });
    expect(results[3].error).toMatch(/no answer for this item/);
    expect(logs.some((l) => l.includes('unknown id "not-asked"'))).toBe(true);
  });

  it('turns URL credentials into a Basic header, and refuses them beside an Authorization header without echoing them', async () => {
    const url = `${base.replace('http://', 'http://someone:pa%24s-planted@')}/ok`;
    const loaded = await loadDetector({ type: 'http', url }, '.', { onLog: () => undefined });
    expect((await loaded.detector.score(items(1)))[0]).toEqual({ id: 'h0', status: 'scored', score: 0.11 });
    const withQuery = await loadDetector({ type: 'http', url: `${url}?token=q-planted` }, '.', { onLog: () => undefined });
    expect(withQuery.detector.description).toBe(`http: ${base}/ok?token=%3Credacted%3E`);
    const both = (await loadDetector({ type: 'http', url, headers: { authorization: 'Bearer x' } }, '.', { where: 'det.json' }).then(
      () => new Error('accepted'),
      (e: unknown) => e,
    )) as Error;
    expect(both.message).toMatch(/^det\.json: url: has credentials .* and headers has an Authorization header too/);
    expect(both.message).not.toMatch(/planted|someone/);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
