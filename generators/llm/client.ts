/**
 * A client for any OpenAI-compatible chat-completions endpoint (llama.cpp
 * server, Ollama, vLLM, LM Studio, hosted APIs). Transient trouble (timeouts,
 * 429, 5xx, a body that is not the expected JSON) is retried with backoff up
 * to a cap and then returned as a failure: the caller turns it into a
 * skipped sample, never into a rewrite. The API key goes into one header and
 * nowhere else: every message this module builds passes through `redact`.
 */
import { GauntletError } from '../../core/errors.js';
import { redactUrl } from '../../core/redact.js';
import { Limiter, parseRetryAfter } from '../../core/http-retry.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The request body fields that shape the answer (they are part of the cassette key). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  seed: number;
  max_tokens: number;
}

/** What the endpoint said, as recorded in the cassette. */
export interface ChatAnswer {
  content: string;
  /** `stop`, `length` (truncated), ...; empty when the endpoint gave none. */
  finishReason: string;
  /** The model id the endpoint reports (may differ from the requested name). */
  servedModel: string;
  promptTokens?: number;
  completionTokens?: number;
}

export type TransportFailure = 'timeout' | 'rate-limited' | 'server-error' | 'malformed-response' | 'network-error';

export type CallOutcome = { ok: true; answer: ChatAnswer } | { ok: false; reason: TransportFailure; detail: string };

export interface ClientOptions {
  /** Base URL (`http://host:port/v1`) or the full chat-completions URL. */
  endpoint: string;
  apiKey?: string;
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff; doubles per retry, capped at `maxBackoffMs` (Retry-After too). */
  backoffMs: number;
  maxBackoffMs: number;
  concurrency: number;
}

/** The chat-completions URL of an endpoint given as a base (`.../v1`) or in full. */
export function completionsUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  return /\/chat\/completions$/.test(trimmed) ? trimmed : `${trimmed}/chat/completions`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ChatClient {
  private readonly url: string;
  private readonly limiter: Limiter;
  /** Requests sent over the wire (retries included). */
  requests = 0;

  constructor(private readonly options: ClientOptions) {
    this.url = completionsUrl(options.endpoint);
    this.limiter = new Limiter(Math.max(1, options.concurrency));
  }

  /** Removes the key from any text that may reach a message, a log or a file. */
  redact(text: string): string {
    const key = this.options.apiKey;
    return key ? text.split(key).join('<redacted>') : text;
  }

  complete(request: ChatRequest): Promise<CallOutcome> {
    return this.limiter.run(() => this.withRetries(request));
  }

  private async withRetries(request: ChatRequest): Promise<CallOutcome> {
    let last: CallOutcome | undefined;
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      const { outcome, retryAfterMs } = await this.once(request);
      if (outcome.ok) return outcome;
      last = outcome;
      if (attempt === this.options.retries) break;
      const backoff = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** attempt);
      await sleep(retryAfterMs === undefined ? backoff : Math.min(this.options.maxBackoffMs, retryAfterMs));
    }
    return last!;
  }

  private async once(request: ChatRequest): Promise<{ outcome: CallOutcome; retryAfterMs?: number }> {
    this.requests++;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    let body: string;
    try {
      response = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify(request), signal: AbortSignal.timeout(this.options.timeoutMs) });
      body = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { outcome: { ok: false, reason: 'timeout', detail: `no answer within ${this.options.timeoutMs} ms` } };
      return { outcome: { ok: false, reason: 'network-error', detail: this.redact(String((error as Error).message)) } };
    }
    if (response.status === 429) {
      return { outcome: { ok: false, reason: 'rate-limited', detail: 'HTTP 429' }, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
    }
    if (response.status >= 500) return { outcome: { ok: false, reason: 'server-error', detail: `HTTP ${response.status}` } };
    if (response.status >= 400) {
      // A wrong key, model or URL fails every call alike: stop the build rather than skip every sample.
      throw new GauntletError('CONFIG', `llm-rewrite: ${redactUrl(this.url)} answered HTTP ${response.status}: ${this.redact(body.slice(0, 200))}`);
    }
    const answer = parseAnswer(body);
    if (!answer) return { outcome: { ok: false, reason: 'malformed-response', detail: 'not a chat-completions JSON body' } };
    return { outcome: { ok: true, answer } };
  }
}

/** The first choice of a chat-completions body, or undefined when the body is not one. */
export function parseAnswer(body: string): ChatAnswer | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const root = json as { model?: unknown; choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }>; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
  const choice = Array.isArray(root?.choices) ? root.choices[0] : undefined;
  const content = choice?.message?.content;
  if (typeof content !== 'string' && content !== null) return undefined;
  const answer: ChatAnswer = {
    content: content ?? '',
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : '',
    servedModel: typeof root.model === 'string' ? root.model : '',
  };
  if (typeof root.usage?.prompt_tokens === 'number') answer.promptTokens = root.usage.prompt_tokens;
  if (typeof root.usage?.completion_tokens === 'number') answer.completionTokens = root.usage.completion_tokens;
  return answer;
}
