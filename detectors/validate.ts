import type { DetectorItem, FailedResult, ScoredResult, Span, ValidatedResult } from '../core/types.js';
import { codePointLength } from '../core/text.js';

/**
 * The one judge of a detector's answers. Every transport (module, exec,
 * HTTP) and the harness's runner check answers here, so one rule holds
 * whichever way a detector is plugged in:
 * - each item gets exactly one result, in the items' order;
 * - an item with no answer, or answered more than once, gets an error (two
 *   answers for one item: neither can be trusted); the detector's other
 *   items keep their answers;
 * - an answer with no id, or for an id that was not asked, names no item:
 *   it is logged and dropped;
 * - an answer with `error` is that error; otherwise `score` must be a finite
 *   number: a label alone is not an answer, since every metric ranks by score;
 * - `label` is 0 or 1 (true/false accepted), `spans` are integer
 *   `[start, end]` pairs within the item's text; `null` means absent.
 * Validating a result again gives the same result, so a checked detector may
 * be checked again by the runner at no risk.
 */

/** Longest error message kept from a detector. */
const MAX_ERROR = 1000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The item an answer claims, or undefined when it names none. Ids are strings; a numeric id still means that item. */
export function answerId(raw: unknown): string | undefined {
  if (!isObject(raw)) return undefined;
  const id = raw.id;
  if (typeof id === 'string') return id;
  return typeof id === 'number' && Number.isFinite(id) ? String(id) : undefined;
}

/** An error result for an item. */
export function failed(id: string, error: string): FailedResult {
  return { id, status: 'error', error };
}

/** The result of an item that was answered more than once. */
export const answeredTwice = (id: string): FailedResult => failed(id, 'answered twice for this item');

/** The result of an item that got no answer. */
export const noAnswer = (id: string): FailedResult => failed(id, 'no answer for this item');

/** Checks one answer already matched to its item (its id is not looked at). */
export function checkAnswer(item: DetectorItem, raw: unknown): ValidatedResult {
  const id = item.id;
  if (!isObject(raw)) return failed(id, `invalid answer: expected an object, got ${JSON.stringify(raw)?.slice(0, 80) ?? String(raw)}`);
  if (raw.error !== undefined && raw.error !== null) {
    const message = typeof raw.error === 'string' ? raw.error : (JSON.stringify(raw.error) ?? String(raw.error));
    return failed(id, message === '' ? 'the detector reported an empty error' : message.slice(0, MAX_ERROR));
  }
  const bad = (why: string) => failed(id, `invalid answer: ${why}`);
  if (typeof raw.score !== 'number' || !Number.isFinite(raw.score)) return bad(`score must be a finite number (got ${JSON.stringify(raw.score) ?? 'nothing'})`);
  let label: 0 | 1 | undefined;
  if (raw.label !== undefined && raw.label !== null) {
    if (raw.label !== 0 && raw.label !== 1 && raw.label !== true && raw.label !== false) return bad(`label must be 0 or 1 (got ${JSON.stringify(raw.label)?.slice(0, 80)})`);
    label = raw.label === 1 || raw.label === true ? 1 : 0;
  }
  let spans: Span[] | undefined;
  if (raw.spans !== undefined && raw.spans !== null) {
    if (!Array.isArray(raw.spans)) return bad('spans must be an array of [start, end] pairs');
    const length = codePointLength(item.text);
    spans = [];
    for (const s of raw.spans as unknown[]) {
      if (!Array.isArray(s) || s.length !== 2 || !Number.isInteger(s[0]) || !Number.isInteger(s[1]) || s[0] < 0 || s[1] < s[0] || s[1] > length) {
        return bad(`span ${JSON.stringify(s)?.slice(0, 80)} is not [start, end] with 0 <= start <= end <= ${length} (the text's length in code points)`);
      }
      spans.push([s[0] as number, s[1] as number]);
    }
  }
  // Key order is fixed here: records are serialised from these objects and must keep their bytes.
  // Keys are added, not spread in from temporary objects: this runs once per item.
  const result: ScoredResult = { id, status: 'scored', score: raw.score };
  if (label !== undefined) result.label = label;
  if (spans !== undefined) result.spans = spans;
  return result;
}

/** Result arrays built here or vouched for by an adapter: already one checked result per item, in order. */
const checked = new WeakSet<readonly ValidatedResult[]>();

/**
 * Marks an array an adapter built from checkAnswer / failed results, one
 * per item in the items' order, so that the runner's own check passes it
 * through instead of judging every answer twice. Nothing else may hold the
 * array or change it afterwards.
 */
export function vouch(results: ValidatedResult[]): ValidatedResult[] {
  checked.add(results);
  return results;
}

/** A vouched array for exactly these items (an array reused for other items is judged again). */
function alreadyChecked(items: readonly DetectorItem[], raw: unknown): raw is ValidatedResult[] {
  if (!checked.has(raw as ValidatedResult[])) return false;
  const results = raw as ValidatedResult[];
  if (results.length !== items.length) return false;
  for (let i = 0; i < items.length; i++) if (results[i]?.id !== items[i].id) return false;
  return true;
}

/**
 * Judges everything a detector returned for a batch: one validated result
 * per item, in the items' order. `onLog` hears about answers that name no
 * item; `context` prefixes those lines.
 */
export function validateAnswers(items: readonly DetectorItem[], raw: unknown, onLog: (line: string) => void = () => undefined, context = 'detector'): ValidatedResult[] {
  if (alreadyChecked(items, raw)) return raw;
  if (!Array.isArray(raw)) {
    const got = JSON.stringify(raw)?.slice(0, 120) ?? String(raw);
    return items.map((item) => failed(item.id, `invalid answer: expected an array of results, got ${got}`));
  }
  const wanted = new Set(items.map((i) => i.id));
  const answers = new Map<string, unknown>();
  const twice = new Set<string>();
  for (const value of raw as unknown[]) {
    const id = answerId(value);
    if (id === undefined) onLog(`${context}: ignored an answer with no id: ${JSON.stringify(value)?.slice(0, 160) ?? String(value)}`);
    else if (!wanted.has(id)) onLog(`${context}: rejected an answer for an unknown id ${JSON.stringify(id).slice(0, 200)}`);
    else if (answers.has(id)) twice.add(id);
    else answers.set(id, value);
  }
  return vouch(items.map((item) => (twice.has(item.id) ? answeredTwice(item.id) : answers.has(item.id) ? checkAnswer(item, answers.get(item.id)) : noAnswer(item.id))));
}
