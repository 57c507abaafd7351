import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { dirname, basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { threadId } from 'node:worker_threads';
import { inputError } from './errors.js';
import { readUserTextChunks } from './text-input.js';

/**
 * Writes a file atomically: a temporary file beside the target, then a
 * rename, so a reader (or a crash) never sees half a file.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  // Worker threads share the pid: two of them writing one file need two temporaries.
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** One parsed line of a JSONL file, with where it came from for error messages. */
export interface JsonLine<T = unknown> {
  value: T;
  line: number;
}

/**
 * Streams a JSONL file line by line (memory stays flat in file size).
 * Blank lines are skipped; a line that is not JSON fails with `file:line`.
 * UTF-8 only, a byte-order mark accepted (core/text-input.ts).
 */
export async function* readJsonLines<T = unknown>(path: string): AsyncGenerator<JsonLine<T>> {
  if (!existsSync(path)) throw inputError(path, 'file not found');
  const rl = createInterface({ input: Readable.from(readUserTextChunks(path)), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of rl) {
    line++;
    if (raw.trim() === '') continue;
    let value: T;
    try {
      value = JSON.parse(raw) as T;
    } catch (error) {
      throw inputError(`${path}:${line}`, `not valid JSON (${(error as Error).message})`);
    }
    yield { value, line };
  }
}

/** Stable JSON: object keys sorted, so equal values hash equally. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
