/**
 * The cassette: every endpoint answer, recorded as one JSON line keyed by a
 * hash of what determines it (model, op, step, prompt version, messages with
 * the input text, seed, sampling params). It is the build's memory: a build
 * killed mid-way and started again finds the answers it already has, and a
 * rebuild with `offline` makes no call at all. Lines are appended one write
 * each as answers arrive; a line cut short by a kill is ignored on load.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256, stableStringify } from '../../core/io.js';
import type { ChatAnswer, ChatRequest } from './client.js';
import { PROMPT_VERSION } from './prompts.js';

export interface CassetteEntry {
  key: string;
  op: string;
  step: string;
  model: string;
  promptVersion: string;
  answer: ChatAnswer;
}

/** The key of a request: sha256 of everything that shapes its answer, never the endpoint or the key. */
export function cassetteKey(op: string, step: string, request: ChatRequest): string {
  return sha256(stableStringify({ promptVersion: PROMPT_VERSION, op, step, model: request.model, messages: request.messages, seed: request.seed, temperature: request.temperature, max_tokens: request.max_tokens }));
}

export class Cassette {
  private readonly entries = new Map<string, CassetteEntry>();
  /** Keys this process read or recorded, for the manifest's hash. */
  private readonly used = new Set<string>();

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    const text = readFileSync(path, 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as CassetteEntry;
        if (typeof entry.key === 'string' && entry.answer && typeof entry.answer.content === 'string') this.entries.set(entry.key, entry);
      } catch {
        // The last line of a build killed mid-write: its answer is asked again.
      }
    }
    // A cut last line must not glue itself to the next entry.
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(path, '\n');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry under `key` without counting it as used (cost estimates look before a build). */
  peek(key: string): CassetteEntry | undefined {
    return this.entries.get(key);
  }

  get(key: string): CassetteEntry | undefined {
    const entry = this.entries.get(key);
    if (entry) this.used.add(key);
    return entry;
  }

  record(entry: CassetteEntry): void {
    mkdirSync(dirname(this.path), { recursive: true });
    // One write per line, O_APPEND: a kill leaves at most one cut line, never a torn earlier one.
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
    this.entries.set(entry.key, entry);
    this.used.add(entry.key);
  }

  /**
   * sha256 of the entries this build used, one JSON line each in key order:
   * the same for a recording build and its offline rebuild, whatever order
   * the answers arrived in and whatever other builds added to the file.
   */
  usedSha256(): string {
    return sha256([...this.used].sort().map((k) => `${JSON.stringify(this.entries.get(k))}\n`).join(''));
  }

  /** The reported model ids of the entries used, sorted. */
  servedModels(): string[] {
    return [...new Set([...this.used].map((k) => this.entries.get(k)!.answer.servedModel).filter((m) => m !== ''))].sort();
  }
}
