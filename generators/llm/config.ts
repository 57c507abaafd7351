/**
 * llm-rewrite's parameters, read once and checked, with the runtime options
 * of the build (offline, cassette, concurrency) and the environment
 * defaults. The API key is looked up here by the variable's name and only
 * kept by the client: it is no param, so no suite, manifest or key holds it.
 */
import { join, resolve } from 'node:path';
import type { GeneratorRuntime, Params } from '../../core/types.js';
import { usageError } from '../../core/errors.js';
import { cacheDir } from '../../core/version.js';
import { OPS, type RewriteOp } from './prompts.js';

export const PARAMS: Readonly<Record<string, string>> = {
  endpoint: 'OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1 (default $GAUNTLET_LLM_ENDPOINT; not needed offline)',
  model: 'Model name sent to the endpoint (default $GAUNTLET_LLM_MODEL); part of every cassette key',
  op: `${OPS.join('|')} (default paraphrase)`,
  scope: 'document (the whole text, the intensity in the prompt) | sentences (the intensity picks the sentences) (default document)',
  'key-env': 'Name of the environment variable holding the API key (default: none, no Authorization header)',
  pivot: 'Pivot language of back-translate (default French)',
  language: 'Language of the texts (default English; only English is checked for a wrong-language answer)',
  temperature: 'Sampling temperature (default 0.7); the seed is sent too',
  cassette: 'JSONL file recording every answer (default: the build\'s --cassette, else $GAUNTLET_CACHE_DIR/llm-rewrite/cassette.jsonl)',
  offline: 'true: answers only from the cassette; a missing one is an error naming it (default: the build\'s --offline)',
  concurrency: 'Most requests in flight (default: the build\'s --concurrency, else 4)',
  timeout: 'Milliseconds per request before it counts as a timeout (default 60000)',
  retries: 'Retries of a timeout, 429 or 5xx before the sample is skipped (default 4)',
  backoff: 'First retry wait in ms, doubling per retry, capped at 30 s (default 500)',
};

export interface LlmConfig {
  endpoint?: string;
  model: string;
  op: RewriteOp;
  scope: 'document' | 'sentences';
  keyEnv?: string;
  pivot: string;
  language: string;
  temperature: number;
  cassette: string;
  offline: boolean;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
}

const str = (v: unknown): string | undefined => (v === undefined || v === '' ? undefined : String(v));

function num(params: Params, name: string, fallback: number, min: number): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (!Number.isFinite(x) || x < min) throw usageError(`llm-rewrite: --param ${name} must be a number >= ${min}, got "${String(raw)}"`);
  return x;
}

/** The checked configuration; params win over runtime options, which win over the environment. */
export function readConfig(params: Params = {}, runtime: GeneratorRuntime = {}): LlmConfig {
  const env = runtime.env ?? process.env;
  const op = (str(params.op) ?? 'paraphrase') as RewriteOp;
  if (!OPS.includes(op)) throw usageError(`llm-rewrite: unknown op "${op}" (known: ${OPS.join(', ')})`);
  const scope = str(params.scope) ?? 'document';
  if (scope !== 'document' && scope !== 'sentences') throw usageError(`llm-rewrite: scope must be document or sentences, got "${scope}"`);
  const model = str(params.model) ?? str(env.GAUNTLET_LLM_MODEL);
  if (!model) throw usageError('llm-rewrite: no model (--param model=NAME, or GAUNTLET_LLM_MODEL)');
  const offline = params.offline === undefined ? Boolean(runtime.offline) : params.offline === true || params.offline === 'true';
  const endpoint = str(params.endpoint) ?? str(env.GAUNTLET_LLM_ENDPOINT);
  if (!endpoint && !offline) throw usageError('llm-rewrite: no endpoint (--param endpoint=URL, or GAUNTLET_LLM_ENDPOINT; or build --offline from a cassette)');
  const cassette = str(params.cassette) ?? runtime.cassette ?? join(cacheDir(), 'llm-rewrite', 'cassette.jsonl');
  return {
    ...(endpoint ? { endpoint } : {}),
    model,
    op,
    scope,
    ...(str(params['key-env']) ? { keyEnv: str(params['key-env']) } : {}),
    pivot: str(params.pivot) ?? 'French',
    language: str(params.language) ?? 'English',
    temperature: num(params, 'temperature', 0.7, 0),
    cassette: resolve(cassette),
    offline,
    concurrency: Math.floor(num(params, 'concurrency', runtime.concurrency ?? 4, 1)),
    timeoutMs: num(params, 'timeout', 60_000, 1),
    retries: Math.floor(num(params, 'retries', 4, 0)),
    backoffMs: num(params, 'backoff', 500, 0),
  };
}

/** What makes two configurations share a session (client, limiter, cassette): not the op, scope or languages, which only shape prompts. */
export function sessionKey(c: LlmConfig): string {
  return JSON.stringify([c.endpoint, c.model, c.temperature, c.keyEnv, c.cassette, c.offline, c.concurrency, c.timeoutMs, c.retries, c.backoffMs]);
}
