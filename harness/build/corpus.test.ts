import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedCorpus, loadCorpus, wordCount } from './corpus.js';
import { GauntletError } from '../../core/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'gauntlet-corpus-'));

describe('embedded corpus', () => {
  const docs = embeddedCorpus();
  it('has news passages of about 150-400 words with stable, unique ids', () => {
    expect(docs.length).toBeGreaterThan(400);
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    expect(docs[0].id).toBe('brown-ca01-01');
    for (const d of docs) {
      const n = wordCount(d.text);
      expect(n).toBeGreaterThanOrEqual(140);
      expect(n).toBeLessThanOrEqual(450);
    }
  });

  it('is detokenized typeset text', () => {
    const text = docs.map((d) => d.text).join('\n');
    expect(text).not.toMatch(/ [,.;:?!]( |$)/m);
    expect(text).not.toContain('``');
    expect(text).toContain('“');
    expect(docs[0].text.startsWith('The Fulton County Grand Jury said Friday an investigation')).toBe(true);
  });
});

describe('user corpora', () => {
  it('reads a directory of .txt files with ids from their paths', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b.txt'), 'Second text.');
    writeFileSync(join(dir, 'sub', 'a.txt'), 'First text.');
    writeFileSync(join(dir, 'notes.md'), 'ignored');
    expect(loadCorpus(dir).map((d) => d.id)).toEqual(['b', 'sub/a']);
  });

  it('reads JSONL and names the file and line of a broken row', () => {
    const dir = tmp();
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, '{"id":"a","text":"One."}\n\n{"id":"b","text":"Two."}\n{"id":"c", text}\n');
    expect(() => loadCorpus(file)).toThrowError(new RegExp(`^${file}:4: not valid JSON`));
    try {
      loadCorpus(file);
    } catch (error) {
      expect(error).toBeInstanceOf(GauntletError);
      expect((error as GauntletError).code).toBe('INPUT');
    }
    writeFileSync(file, '{"id":"a","text":"One."}\n{"id":"b"}\n');
    expect(() => loadCorpus(file)).toThrowError(`${file}:2: field "text" is missing or not a string`);
    writeFileSync(file, '{"id":"a","text":"One."}\n{"id":"a","text":"Again."}\n');
    expect(() => loadCorpus(file)).toThrowError(`${file}:2: duplicate id "a" (first seen on line 1)`);
    writeFileSync(file, '{"id":"a","text":"One."}\n{"text":"Two."}\n');
    expect(loadCorpus(file).map((d) => d.id)).toEqual(['a', 'line-2']);
  });

  it('reads CSV with a text column and reports the line of an empty text', () => {
    const dir = tmp();
    const file = join(dir, 'c.csv');
    writeFileSync(file, 'id,text\nx,"Hello, world."\ny,"Multi\nline"\n');
    expect(loadCorpus(file)).toEqual([
      { id: 'x', text: 'Hello, world.' },
      { id: 'y', text: 'Multi\nline' },
    ]);
    writeFileSync(file, 'id,text\nx,Hello\ny,\n');
    expect(() => loadCorpus(file)).toThrowError(`${file}:3: field "text" is empty`);
    writeFileSync(file, 'id,body\nx,Hello\n');
    expect(() => loadCorpus(file)).toThrowError(/no "text" column/);
    expect(loadCorpus(file, { textColumn: 'body' })).toEqual([{ id: 'x', text: 'Hello' }]);
  });

  it('fails clearly on a missing path or unknown format', () => {
    expect(() => loadCorpus('/nonexistent/corpus.jsonl')).toThrowError(/corpus not found/);
    const dir = tmp();
    writeFileSync(join(dir, 'c.xml'), '<a/>');
    expect(() => loadCorpus(join(dir, 'c.xml'))).toThrowError(/unknown corpus format/);
  });
});
