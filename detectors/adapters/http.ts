import type { DetectorItem, ValidatedResult } from '../../core/types.js';
import { redactUrl, scrubSecrets, secretsOf } from '../../core/redact.js';
import { Limiter, parseRetryAfter } from '../../core/http-retry.js';
import { failed, validateAnswers } from '../validate.js';
import { encodeItem, excerpt } from './protocol.js';

/**
 * The HTTP adapter. Each request is
 *   POST <url>   content-type: application/json
 *   {"items": [{"id": "...", "task": "tamper", "text": "...", "source": "..."}, ...]}
 * and a 200 answer is
 *   {"results": [{"id": "...", "score": 0.7, "label": 1, "spans": [[3, 9]]} | {"id": "...", "error": "..."}, ...]}
 * in any order. 429 and 5xx answers, network failures and timeouts are
 * retried with exponential backoff (a Retry-After header wins); other 4xx
 * answers are not, nor are redirects (3xx), which are never followed: a
 * POST silently turned into a GET elsewhere, or credentials sent on to
 * another host, is worse than an error that names the new location. After
 * the last try every item of the request gets the error; nothing is dropped.
 *
 * Header values and the URL's query values may be secrets: every error
 * record and log line names the URL without them and has them scrubbed out
 * (a service may echo a token back in its error body).
 */
export interface HttpOptions {
  url: string;
  headers?: Readonly<Record<string, string>>;
  /** Items per request. */
  batchSize: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Per request, including reading the body, in ms. */
  timeoutMs: number;
  /** Tries after the first. */
  retries: number;
  /** First backoff, doubled on each retry, in ms. */
  backoffMs: number;
  /** Longest wait a Retry-After header may ask for, in ms. */
  maxBackoffMs: number;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes: number;
  onLog(line: string): void;
}

export const HTTP_DEFAULTS = {
  batchSize: 64,
  concurrency: 4,
  timeoutMs: 60_000,
  retries: 3,
  backoffMs: 250,
  maxBackoffMs: 30_000,
  maxResponseBytes: 64 << 20,
} as const;

/** Why a try failed, and whether another try may help. */
class TryError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
  }
}

async function readLimited(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new TryError(`response of ${declared} bytes exceeds maxResponseBytes (${max})`, false);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      throw new TryError(`response exceeds maxResponseBytes (${max})`, false);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class HttpClient {
  private readonly limiter: Limiter;
  /** The URL as it may be written: no credentials, no query values. */
  private readonly where: string;
  private readonly secrets: string[];

  constructor(private readonly options: HttpOptions) {
    this.limiter = new Limiter(options.concurrency);
    this.where = redactUrl(options.url);
    this.secrets = secretsOf({ url: options.url, headers: { ...options.headers } });
  }

  private scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  private log(line: string): void {
    this.options.onLog(this.scrub(line));
  }

  /** Scores items in requests of `batchSize`, at most `concurrency` at once. Never rejects. */
  async score(items: readonly DetectorItem[]): Promise<ValidatedResult[]> {
    const chunks: DetectorItem[][] = [];
    for (let i = 0; i < items.length; i += this.options.batchSize) chunks.push(items.slice(i, i + this.options.batchSize));
    const answered = await Promise.all(chunks.map((chunk) => this.limiter.run(() => this.request(chunk))));
    return answered.flat();
  }

  /** One request with its retries; every item ends with a result. */
  private async request(items: DetectorItem[]): Promise<ValidatedResult[]> {
    const body = `{"items":[${items.map(encodeItem).join(',')}]}`;
    let lastError = '';
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      try {
        const raw = await this.tryOnce(body);
        const results = validateAnswers(items, raw, (line) => this.log(line), this.where);
        return results.map((r) => (r.status === 'error' && this.secrets.length > 0 ? failed(r.id, this.scrub(r.error)) : r));
      } catch (error) {
        const e = error instanceof TryError ? error : new TryError(describeFetchError(error), true);
        lastError = this.scrub(e.message);
        if (!e.retryable || attempt === this.options.retries) break;
        const wait = Math.min(e.retryAfterMs ?? this.options.backoffMs * 2 ** attempt, this.options.maxBackoffMs);
        this.log(`${this.where}: ${lastError}; retry ${attempt + 1} of ${this.options.retries} in ${Math.round(wait)} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    return items.map((item) => failed(item.id, `${this.where}: ${lastError}`));
  }

  private async tryOnce(body: string): Promise<unknown> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...this.options.headers },
      body,
      signal,
      redirect: 'manual',
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new TryError(redirectMessage(response, this.options.url), false);
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      throw new TryError(`HTTP ${response.status}`, true, parseRetryAfter(response.headers.get('retry-after')));
    }
    const text = await readLimited(response, this.options.maxResponseBytes);
    if (!response.ok) throw new TryError(`HTTP ${response.status}: ${excerpt(text)}`, false);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new TryError(`response is not JSON: ${excerpt(text)}`, false);
    }
    const results = (value as { results?: unknown } | null)?.results;
    if (!Array.isArray(results)) throw new TryError(`response has no "results" array: ${excerpt(text)}`, false);
    return results;
  }
}

/** A redirect names where it points (without credentials or query values) and what to do instead. */
function redirectMessage(response: Response, url: string): string {
  const location = response.headers.get('location');
  let target = 'an unnamed location';
  if (location !== null) {
    try {
      target = redactUrl(new URL(location, url).href);
    } catch {
      target = 'an unreadable location';
    }
  }
  return `HTTP ${response.status} redirect to ${target} (redirects are not followed: point url at the final endpoint)`;
}

function describeFetchError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
