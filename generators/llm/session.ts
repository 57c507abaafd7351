/**
 * One endpoint and cassette as a build uses them: answers are fetched (or
 * replayed) asynchronously by `fetch` and kept, so the synchronous
 * `generate` reads them with `get`. Each distinct call goes over the wire at
 * most once per cassette: in-flight calls are shared, recorded ones replayed.
 */
import { GauntletError, usageError } from '../../core/errors.js';
import { sha256 } from '../../core/io.js';
import type { GeneratorRuntime } from '../../core/types.js';
import { ChatClient, type ChatRequest } from './client.js';
import { Cassette, cassetteKey } from './cassette.js';
import { judgeAnswer } from './judge.js';
import { maxTokensFor, messagesFor, PROMPT_VERSION, type PromptStep, type RewriteOp } from './prompts.js';
import type { LlmConfig } from './config.js';

/** A usable rewrite, or why there is none (a judged answer or a transport failure after retries). */
export type Outcome = { ok: true; text: string } | { ok: false; reason: string };

/** One call: a prompt step applied to an input, with the sample's seed. */
export interface Call {
  op: RewriteOp;
  step: PromptStep;
  input: string;
  seed: string;
  /** Language the answer must be in; unset for a translation into the pivot. */
  expectLanguage?: string;
}

export class Session {
  readonly cassette: Cassette;
  private readonly client: ChatClient | undefined;
  private readonly kept = new Map<string, Outcome>();
  private readonly inFlight = new Map<string, Promise<Outcome>>();
  /** Calls answered by the endpoint, and their tokens: what a build cost. */
  readonly stats = { calls: 0, replayed: 0, promptTokens: 0, completionTokens: 0 };

  constructor(readonly config: LlmConfig, runtime: GeneratorRuntime = {}) {
    this.cassette = new Cassette(config.cassette);
    if (config.offline) return;
    const env = runtime.env ?? process.env;
    const apiKey = config.keyEnv === undefined ? undefined : env[config.keyEnv];
    if (config.keyEnv !== undefined && !apiKey) throw usageError(`llm-rewrite: environment variable ${config.keyEnv} (key-env) is not set`);
    this.client = new ChatClient({ endpoint: config.endpoint!, apiKey, timeoutMs: config.timeoutMs, retries: config.retries, backoffMs: config.backoffMs, maxBackoffMs: 30_000, concurrency: config.concurrency });
  }

  request(call: Call): ChatRequest {
    return {
      model: this.config.model,
      messages: messagesFor(call.step, call.input),
      temperature: this.config.temperature,
      // Endpoints take an integer seed; 28 bits fit every server's type.
      seed: parseInt(sha256(call.seed).slice(0, 7), 16),
      max_tokens: maxTokensFor(call.op, call.input),
    };
  }

  /** Fetches (or replays) a call's answer and keeps its outcome for {@link get}. */
  fetch(call: Call): Promise<Outcome> {
    const request = this.request(call);
    const key = cassetteKey(call.op, call.step.name, request);
    const kept = this.kept.get(key) ?? this.replay(key, call);
    if (kept) return Promise.resolve(kept);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(key, call, request).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** The recorded (judged) outcome of a call, if the cassette holds one; counts nothing as used. */
  recorded(call: Call): Outcome | undefined {
    const key = cassetteKey(call.op, call.step.name, this.request(call));
    const kept = this.kept.get(key);
    if (kept) return kept;
    const entry = this.cassette.peek(key);
    return entry ? judge(entry.answer, call) : undefined;
  }

  /** The outcome of a call fetched before (or recorded); an error if it is neither. */
  get(call: Call): Outcome {
    const key = cassetteKey(call.op, call.step.name, this.request(call));
    const kept = this.kept.get(key) ?? this.replay(key, call);
    if (kept) return kept;
    throw new GauntletError('RUNTIME', `llm-rewrite: answer ${key.slice(0, 16)} was neither prefetched nor recorded (a generator run outside a build must be prefetched)`);
  }

  private replay(key: string, call: Call): Outcome | undefined {
    const entry = this.cassette.get(key);
    if (!entry) return undefined;
    const outcome = judge(entry.answer, call);
    this.kept.set(key, outcome);
    this.stats.replayed++;
    return outcome;
  }

  private async ask(key: string, call: Call, request: ChatRequest): Promise<Outcome> {
    if (!this.client) {
      const excerpt = JSON.stringify(call.input.length > 60 ? `${call.input.slice(0, 60)}…` : call.input);
      throw usageError(
        `llm-rewrite (offline): no answer recorded for key ${key} (model ${this.config.model}, op ${call.op}, step ${call.step.name}, prompt ${PROMPT_VERSION}, input ${excerpt}) in cassette ${this.config.cassette}; build once with the endpoint to record it`,
      );
    }
    const result = await this.client.complete(request);
    if (!result.ok) {
      // Not recorded: a transport failure is no answer, and a later build should ask again.
      const outcome: Outcome = { ok: false, reason: result.reason };
      this.kept.set(key, outcome);
      return outcome;
    }
    this.stats.calls++;
    this.stats.promptTokens += result.answer.promptTokens ?? 0;
    this.stats.completionTokens += result.answer.completionTokens ?? 0;
    this.cassette.record({ key, op: call.op, step: call.step.name, model: this.config.model, promptVersion: PROMPT_VERSION, answer: result.answer });
    const outcome = judge(result.answer, call);
    this.kept.set(key, outcome);
    return outcome;
  }
}

function judge(answer: Parameters<typeof judgeAnswer>[0], call: Call): Outcome {
  const verdict = judgeAnswer(answer, { source: call.input, ...(call.expectLanguage ? { expectLanguage: call.expectLanguage } : {}) });
  return verdict.ok ? verdict : { ok: false, reason: verdict.reason };
}
