import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from './errors.js';
import { invalidUtf8Offset, readUserText, readUserTextChunks } from './text-input.js';

const dir = mkdtempSync(join(tmpdir(), 'text-input-'));
const file = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
async function chunks(path: string, size: number): Promise<string> {
  let out = '';
  for await (const c of readUserTextChunks(path, size)) out += c;
  return out;
}
async function failure(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (error) {
    expect(exitCodeFor(error)).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected an input error');
}

describe('user text input', () => {
  it('accepts a byte-order mark and drops it, whole or streamed', async () => {
    const path = file('bom.jsonl', '\uFEFF{"a":1}\n');
    expect(readUserText(path)).toBe('{"a":1}\n');
    expect(await chunks(path, 2)).toBe('{"a":1}\n');
  });

  it('rejects invalid UTF-8 with file, line and byte offset', async () => {
    const path = file('latin1.txt', Buffer.concat([Buffer.from('ok\nna'), Buffer.from([0xef, 0x76]), Buffer.from('e\n')]));
    const message = `${path}:2: invalid UTF-8 at byte offset 5 (byte 0xef); save the file as UTF-8`;
    expect(await failure(() => readUserText(path))).toBe(message);
    expect(await failure(() => chunks(path, 4))).toBe(message);
  });

  it('rejects binary data (a NUL byte)', async () => {
    const path = file('bin.txt', Buffer.from([0x61, 0x0a, 0x62, 0x00, 0x63]));
    expect(await failure(() => readUserText(path))).toMatch(/bin\.txt:2: binary data, not text \(a NUL byte at byte offset 3\)/);
  });

  it('keeps a genuine U+FFFD: it is text, not a decoding failure', () => {
    expect(readUserText(file('fffd.txt', 'a\uFFFDb'))).toBe('a\uFFFDb');
  });

  it('streams any valid text back unchanged, whatever the chunk size splits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 1, max: 7 }), async (text, size) => {
        const clean = text.replace(/\0/g, '');
        const path = file('prop.txt', clean);
        expect(await chunks(path, size)).toBe(clean.replace(/^\uFEFF/, ''));
      }),
      { numRuns: 60 },
    );
  });

  it('agrees with a strict decoder on random bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(invalidUtf8Offset(bytes) < 0).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readers under the policy', () => {
  it('readJsonLines accepts a BOM and names file:line for invalid UTF-8', async () => {
    const { readJsonLines } = await import('./io.js');
    const rows: unknown[] = [];
    for await (const { value } of readJsonLines(file('bom2.jsonl', '\uFEFF{"id":"a"}\n{"id":"b"}\n'))) rows.push(value);
    expect(rows).toEqual([{ id: 'a' }, { id: 'b' }]);
    const bad = file('bad.jsonl', Buffer.concat([Buffer.from('{"id":"a"}\n{"id":"'), Buffer.from([0xff]), Buffer.from('"}\n')]));
    expect(
      await failure(async () => {
        for await (const row of readJsonLines(bad)) void row;
      }),
    ).toMatch(/bad\.jsonl:2: invalid UTF-8 at byte offset 18/);
  });
});
