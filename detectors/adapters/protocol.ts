import { TASKS, type DetectorItem, type DetectorResult, type Span, type Task } from '../../core/types.js';

/**
 * The wire format shared by the exec (JSON Lines) and HTTP (JSON) adapters,
 * and the checks a hostile or broken detector's answers go through.
 *
 * Request, one per item:  {"id": "...", "task": "tamper", "text": "...", "source": "..."}
 *   (`source` only for pair tasks: reuse, consistency, spans)
 * Response, one per item: {"id": "...", "score": 0.7, "label": 1, "spans": [[3, 9]]}
 *   or                    {"id": "...", "error": "what went wrong"}
 * Handshake (optional):   {"handshake": 1, "name": "...", "version": "...", "tasks": ["tamper"]}
 *   A line is a handshake when it is a JSON object with no `id` key and a
 *   `handshake` or `name` key.
 */

/** One request line (exec) or array element (HTTP). */
export function encodeItem(item: DetectorItem): string {
  return JSON.stringify(item.source === undefined ? { id: item.id, task: item.task, text: item.text } : { id: item.id, task: item.task, text: item.text, source: item.source });
}

/** What a detector may announce about itself. */
export interface Handshake {
  name?: string;
  version?: string;
  tasks?: Task[];
}

/** A parsed answer: a result for an id, a handshake, or junk that names no item. */
export type Parsed =
  | { kind: 'result'; result: DetectorResult }
  | { kind: 'handshake'; handshake: Handshake }
  | { kind: 'junk'; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the id out of a line that is not valid JSON (NaN scores, cut lines), so the error lands on the right item. */
export function salvageId(line: string): string | undefined {
  const m = /^\s*\{\s*"id"\s*:\s*(?:"((?:[^"\\]|\\.){0,2000})"|(-?\d{1,30}))/.exec(line.slice(0, 4096));
  if (!m) return undefined;
  if (m[2] !== undefined) return m[2];
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return undefined;
  }
}

/** Checks one response object; the id has already been read. Returns the result, or an error result naming the problem. */
export function checkResult(id: string, raw: Record<string, unknown>): DetectorResult {
  const bad = (why: string): DetectorResult => ({ id, error: `invalid response: ${why}` });
  if (raw.error !== undefined && raw.error !== null) return { id, error: typeof raw.error === 'string' ? raw.error : JSON.stringify(raw.error).slice(0, 500) };
  if (typeof raw.score !== 'number' || !Number.isFinite(raw.score)) return bad(`score must be a finite number (got ${JSON.stringify(raw.score) ?? 'nothing'})`);
  const result: DetectorResult = { id, score: raw.score };
  if (raw.label !== undefined && raw.label !== null) {
    if (raw.label !== 0 && raw.label !== 1 && raw.label !== true && raw.label !== false) return bad(`label must be 0 or 1 (got ${JSON.stringify(raw.label)})`);
    result.label = raw.label === 1 || raw.label === true ? 1 : 0;
  }
  if (raw.spans !== undefined && raw.spans !== null) {
    if (!Array.isArray(raw.spans)) return bad('spans must be an array of [start, end] pairs');
    const spans: Span[] = [];
    for (const s of raw.spans) {
      if (!Array.isArray(s) || s.length !== 2 || !Number.isInteger(s[0]) || !Number.isInteger(s[1]) || s[0] < 0 || s[1] < s[0]) {
        return bad(`span ${JSON.stringify(s)?.slice(0, 80)} is not [start, end] with 0 <= start <= end`);
      }
      spans.push([s[0], s[1]]);
    }
    result.spans = spans;
  }
  return result;
}

function readHandshake(raw: Record<string, unknown>): Handshake {
  const h: Handshake = {};
  if (typeof raw.name === 'string' && raw.name !== '') h.name = raw.name;
  if (typeof raw.version === 'string' || typeof raw.version === 'number') h.version = String(raw.version);
  if (Array.isArray(raw.tasks)) {
    const tasks = raw.tasks.filter((t): t is Task => typeof t === 'string' && (TASKS as readonly string[]).includes(t));
    if (tasks.length > 0) h.tasks = tasks;
  }
  return h;
}

/** Interprets one parsed JSON value from a detector. */
export function interpret(value: unknown): Parsed {
  if (!isObject(value)) return { kind: 'junk', reason: 'not a JSON object' };
  if (!('id' in value)) {
    if ('handshake' in value || 'name' in value) return { kind: 'handshake', handshake: readHandshake(value) };
    return { kind: 'junk', reason: 'no "id"' };
  }
  const id = value.id;
  // Ids are strings; a detector that echoes a numeric-looking id as a number still means that item.
  if (typeof id !== 'string' && typeof id !== 'number') return { kind: 'junk', reason: '"id" is not a string' };
  return { kind: 'result', result: checkResult(String(id), value) };
}

/** Interprets one response line; a line that is not JSON becomes an error for its item if the id can be read. */
export function parseLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const id = salvageId(line);
    const why = `response is not valid JSON (${(error as Error).message.slice(0, 120)})`;
    return id === undefined ? { kind: 'junk', reason: why } : { kind: 'result', result: { id, error: `invalid response: ${why}` } };
  }
  return interpret(value);
}

/** A short, printable excerpt of detector output for logs and error messages. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
