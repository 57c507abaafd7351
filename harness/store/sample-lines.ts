import { open } from 'node:fs/promises';
import { inputError } from '../../core/errors.js';

/** One line of samples.jsonl, known by its id and task; the whole sample only when asked. */
export interface SampleLine {
  id: string;
  task: string;
  /** 1-based line number, for error messages. */
  line: number;
  /** The whole sample, parsed from the line on demand. */
  parse(): unknown;
}

/**
 * Streams the samples of a dataset file by id and task without parsing
 * them: a pass that only needs to know which samples there are (counting
 * what a run still has to score, merging score files in dataset order,
 * picking a few samples for the report) reads a 50 MB samples.jsonl in a
 * few tens of milliseconds instead of seconds, since most of each line is
 * text and edits. Lines are found by a native byte search; only a line's
 * head is decoded. Samples written by the dataset builder open with
 * `{"id":…,"task":…`; any other valid line is parsed whole. A line that is
 * not JSON fails with `file:line`.
 */
export async function* sampleLines(path: string): AsyncGenerator<SampleLine> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw inputError(path, 'file not found');
  }
  try {
    let carry: Buffer = Buffer.alloc(0);
    let lineNo = 0;
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      const buf = carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
        lineNo++;
        const sample = readLine(buf, start, nl, path, lineNo);
        if (sample !== undefined) yield sample;
        start = nl + 1;
      }
      // The chunk is reused by the next read: keep the unfinished line as a copy.
      carry = Buffer.from(buf.subarray(start));
      if (bytesRead === 0) {
        if (carry.length > 0) {
          const sample = readLine(carry, 0, carry.length, path, lineNo + 1);
          if (sample !== undefined) yield sample;
        }
        return;
      }
    }
  } finally {
    await handle.close();
  }
}

/** How much of a line is decoded to find its id and task (ids are short; a longer head is parsed whole). */
const HEAD_BYTES = 512;
const HEAD = /^\{"id":("(?:[^"\\]|\\.)*"),"task":"([a-z]+)"/;

function readLine(buf: Buffer, start: number, end: number, path: string, line: number): SampleLine | undefined {
  let to = end;
  if (to > start && buf[to - 1] === 13) to--; // CRLF
  // The line is copied out of the shared chunk now; decoding waits until someone asks for the sample.
  const bytes = Buffer.from(buf.subarray(start, to));
  const parse = (): unknown => {
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw inputError(`${path}:${line}`, `not valid JSON (${(error as Error).message})`);
    }
  };
  const head = HEAD.exec(bytes.toString('utf8', 0, Math.min(bytes.length, HEAD_BYTES)));
  if (head !== null) return { id: JSON.parse(head[1]) as string, task: head[2], line, parse };
  if (bytes.toString('utf8').trim() === '') return undefined;
  const value = parse() as { id?: unknown; task?: unknown };
  if (typeof value !== 'object' || value === null || typeof value.id !== 'string') throw inputError(`${path}:${line}`, 'a sample needs a string "id"');
  return { id: value.id, task: String(value.task), line, parse: () => value };
}
