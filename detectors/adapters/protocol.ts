import { TASKS, type DetectorItem, type Task } from '../../core/types.js';
import { terminalSafe } from '../../core/terminal.js';
import { answerId } from '../validate.js';

/**
 * The wire format shared by the exec (JSON Lines) and HTTP (JSON) adapters.
 * This file only reads lines; whether an answer counts is decided in
 * ../validate.ts, for every transport alike.
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

/** A parsed line: a raw answer for an id (not yet validated), a handshake, or junk that names no item. */
export type Parsed =
  | { kind: 'answer'; id: string; answer: unknown }
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

/**
 * The handshake's fields are the detector's words, printed in progress lines,
 * summaries and errors: control characters (ESC, BEL) are made visible here,
 * once, so that no later printer can forget to.
 */
function readHandshake(raw: Record<string, unknown>): Handshake {
  const h: Handshake = {};
  if (typeof raw.name === 'string' && raw.name !== '') h.name = terminalSafe(raw.name);
  if (typeof raw.version === 'string' || typeof raw.version === 'number') h.version = terminalSafe(String(raw.version));
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
  const id = answerId(value);
  if (id === undefined) return { kind: 'junk', reason: '"id" is not a string' };
  return { kind: 'answer', id, answer: value };
}

/** Interprets one response line; a line that is not JSON becomes an error for its item if the id can be read. */
export function parseLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const id = salvageId(line);
    const why = `response is not valid JSON (${(error as Error).message.slice(0, 120)})`;
    return id === undefined ? { kind: 'junk', reason: why } : { kind: 'answer', id, answer: { id, error: `invalid response: ${why}` } };
  }
  return interpret(value);
}

/** A short, printable excerpt of detector output for logs and error messages (control characters shown, not sent). */
export function excerpt(text: string, max = 160): string {
  const flat = terminalSafe(text.replace(/\s+/g, ' '));
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
