import { existsSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { inputError } from '../../core/errors.js';
import { readUserTextChunks } from '../../core/text-input.js';

/** Labels, scores and optional clusters read from a user's file. */
export interface ScoreColumns {
  scores: Float64Array;
  labels: Uint8Array;
  /** Cluster index per row (from the group column), or null when there is none. */
  groups: Uint32Array | null;
  groupCount: number;
}

export interface ScoreFileOptions {
  /** Column or field names (defaults label, score, group). */
  label?: string;
  score?: string;
  group?: string;
  /** Force a format; otherwise by extension (.csv, .tsv) or first character. */
  format?: 'jsonl' | 'csv';
}

/** Growable typed columns: 1,000,000 rows take 13 MB, not an array of objects. */
class Columns {
  scores = new Float64Array(1024);
  labels = new Uint8Array(1024);
  groups: Uint32Array | null = null;
  groupIds = new Map<string, number>();
  n = 0;

  push(score: number, label: number, group: string | undefined): void {
    if (this.n === this.scores.length) {
      const grow = <T extends Float64Array | Uint8Array | Uint32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.scores = grow(this.scores);
      this.labels = grow(this.labels);
      if (this.groups) this.groups = grow(this.groups);
    }
    this.scores[this.n] = score;
    this.labels[this.n] = label;
    if (group !== undefined) {
      this.groups ??= new Uint32Array(this.scores.length);
      let id = this.groupIds.get(group);
      if (id === undefined) this.groupIds.set(group, (id = this.groupIds.size));
      this.groups[this.n] = id;
    }
    this.n++;
  }

  done(where: string): ScoreColumns {
    if (this.n === 0) throw inputError(where, 'no rows');
    if (this.groups && this.groupIds.size > 0 && this.groupsSeen !== this.n) throw inputError(where, 'the group column must be set on every row or on none');
    return {
      scores: this.scores.subarray(0, this.n),
      labels: this.labels.subarray(0, this.n),
      groups: this.groups ? this.groups.subarray(0, this.n) : null,
      groupCount: this.groups ? this.groupIds.size : this.n,
    };
  }

  groupsSeen = 0;
}

/** A label as users write it: 0/1, true/false, "0"/"1", "pos"/"neg" is not guessed. */
function parseLabel(value: unknown): number {
  if (value === 1 || value === true || value === '1' || value === 'true' || value === 'True' || value === '1.0') return 1;
  if (value === 0 || value === false || value === '0' || value === 'false' || value === 'False' || value === '0.0') return 0;
  return -1;
}

/**
 * Reads a JSONL or CSV file of labels and scores, streamed in large chunks
 * (1,000,000 rows in well under a second). Every bad row fails with
 * `file:line: field ...`; NaN or infinite scores are errors, not numbers.
 */
export async function readScoresFile(path: string, options: ScoreFileOptions = {}): Promise<ScoreColumns> {
  if (!existsSync(path)) throw inputError(path, 'file not found');
  const names = { label: options.label ?? 'label', score: options.score ?? 'score', group: options.group ?? 'group' };
  const columns = new Columns();
  let format = options.format ?? (/\.(csv|tsv)$/i.test(path) ? 'csv' : /\.jsonl?$/i.test(path) ? 'jsonl' : undefined);
  let lineNo = 0;
  let header: string[] | null = null;
  let index = { label: -1, score: -1, group: -1 };
  let delimiter = ',';

  // `no` is the line number; the "file:line" text is built only for an error.
  const add = (no: number, rawScore: unknown, rawLabel: unknown, rawGroup: unknown) => {
    const label = parseLabel(rawLabel);
    if (label < 0) throw inputError(`${path}:${no}`, `field "${names.label}" must be 0 or 1 (got ${JSON.stringify(rawLabel) ?? 'nothing'})`);
    const score = typeof rawScore === 'number' ? rawScore : typeof rawScore === 'string' && rawScore.trim() !== '' ? Number(rawScore) : Number.NaN;
    if (!Number.isFinite(score)) throw inputError(`${path}:${no}`, `field "${names.score}" must be a finite number (got ${JSON.stringify(rawScore) ?? 'nothing'}); NaN or infinite scores are detector errors`);
    const group = rawGroup === undefined || rawGroup === null || rawGroup === '' ? undefined : String(rawGroup);
    if (group !== undefined) columns.groupsSeen++;
    columns.push(score, label, group);
  };

  const onCsvRecord = (line: string, no: number) => {
    const where = () => `${path}:${no}`;
    if (!header) {
      delimiter = line.includes('\t') && !line.includes(',') ? '\t' : ',';
      header = splitCsv(line, delimiter, where).map((h) => h.trim());
      index = { label: header.indexOf(names.label), score: header.indexOf(names.score), group: header.indexOf(names.group) };
      if (index.label < 0) throw inputError(where(), `no "${names.label}" column in the header (${header.join(', ')})`);
      if (index.score < 0) throw inputError(where(), `no "${names.score}" column in the header (${header.join(', ')})`);
      return;
    }
    const cells = splitCsv(line, delimiter, where);
    add(no, cells[index.score], cells[index.label]?.trim(), index.group >= 0 ? cells[index.group] : undefined);
  };

  // A quoted CSV field may hold newlines: a record runs on while its quotes are unbalanced.
  let pending = '';
  let open = false;
  let recordLine = 0;
  const onCsvLine = (line: string, no: number) => {
    if (!open && line.trim() === '') return;
    if (open) pending += `\n${line}`;
    else {
      pending = line;
      recordLine = no;
    }
    if (line.includes('"') && oddQuotes(line)) open = !open;
    if (!open) onCsvRecord(pending, recordLine);
  };

  // JSON lines are parsed a batch at a time: one JSON.parse of "[l1,l2,...]"
  // is several times faster than a call per line (and faster than a
  // hand-written field reader). A batch that fails is parsed again line by
  // line to name the bad line.
  const batch: string[] = [];
  const batchLines: number[] = [];
  const onJsonLine = (line: string, no: number) => {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw inputError(`${path}:${no}`, `not valid JSON (${(error as Error).message})`);
    }
    onJsonRow(row, no);
  };
  const onJsonRow = (row: unknown, no: number) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw inputError(`${path}:${no}`, 'each line must be a JSON object');
    const r = row as Record<string, unknown>;
    add(no, r[names.score], r[names.label], r[names.group]);
  };
  const flushJson = () => {
    if (batch.length === 0) return;
    let rows: unknown[] | undefined;
    try {
      rows = JSON.parse(`[${batch.join(',')}]`) as unknown[];
    } catch {
      rows = undefined;
    }
    for (let k = 0; k < batch.length; k++) {
      if (rows) onJsonRow(rows[k], batchLines[k]);
      else onJsonLine(batch[k], batchLines[k]);
    }
    batch.length = 0;
    batchLines.length = 0;
  };

  const onLine = (raw: string) => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (format === undefined) {
      if (line.trim() === '') return;
      format = line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    }
    if (format === 'csv') return onCsvLine(line, lineNo);
    if (line.trim() === '') return;
    batch.push(line);
    batchLines.push(lineNo);
  };

  let rest = '';
  for await (const chunk of readUserTextChunks(path)) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      onLine(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    flushJson();
  }
  if (rest !== '') onLine(rest);
  flushJson();
  if (open) throw inputError(`${path}:${recordLine}`, 'a quoted field is never closed');
  return columns.done(path);
}

function oddQuotes(s: string): boolean {
  let odd = false;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) odd = !odd;
  return odd;
}

/** One CSV record: a plain split when it has no quotes (the fast path), csv-parse otherwise. */
function splitCsv(line: string, delimiter: string, where: () => string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  try {
    const [record] = parseCsv(line, { delimiter, relax_column_count: true }) as string[][];
    return record ?? [];
  } catch (error) {
    throw inputError(where(), `not a valid CSV record (${(error as Error).message})`);
  }
}
