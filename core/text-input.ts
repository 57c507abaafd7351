import { createReadStream, readFileSync } from 'node:fs';
import { inputError } from './errors.js';

/**
 * One encoding policy for every file a user gives us (corpora, JSONL, CSV,
 * scores files): UTF-8, with a leading byte-order mark accepted and dropped;
 * invalid UTF-8 or binary data (a NUL byte) is an input error naming the
 * file, the line and the byte offset. Decoding never substitutes U+FFFD:
 * adversarial text may hold that character on purpose, so a replacement
 * would silently change the data.
 */

const BOM = [0xef, 0xbb, 0xbf];

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array, from = 0): number {
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number, linesBefore: number): number {
  let line = linesBefore + 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function countLines(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

// Native and strict: throws on the first invalid sequence instead of substituting U+FFFD.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes bytes[start..] under the policy; the slow scan runs only to name the bad byte. */
function decode(path: string, bytes: Uint8Array, byteBase: number, linesBefore: number, start: number): string {
  const nul = bytes.indexOf(0, start);
  let text: string | undefined;
  try {
    text = strictDecoder.decode(bytes.subarray(start));
  } catch {
    text = undefined;
  }
  const bad = text === undefined ? invalidUtf8Offset(bytes, start) : -1;
  if (nul >= 0 && (bad < 0 || nul <= bad)) {
    throw inputError(`${path}:${lineAt(bytes, nul, linesBefore)}`, `binary data, not text (a NUL byte at byte offset ${byteBase + nul})`);
  }
  if (text === undefined) {
    const at = bad < 0 ? start : bad;
    throw inputError(`${path}:${lineAt(bytes, at, linesBefore)}`, `invalid UTF-8 at byte offset ${byteBase + at} (byte 0x${bytes[at].toString(16).padStart(2, '0')}); save the file as UTF-8`);
  }
  return text;
}

/** A whole user file as text, under the policy above. */
export function readUserText(path: string): string {
  const bytes = readFileSync(path);
  return decode(path, bytes, 0, 0, hasBom(bytes) ? 3 : 0);
}

/**
 * A user file as decoded chunks, streamed (memory flat in file size), under
 * the policy above. A multi-byte character split across two reads is carried
 * to the next chunk.
 */
export async function* readUserTextChunks(path: string, highWaterMark = 1 << 20): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  let byteBase = 0;
  let lines = 0;
  let first = true;
  for await (const raw of createReadStream(path, { highWaterMark })) {
    const bytes: Buffer = carry.length > 0 ? Buffer.concat([carry, raw as Buffer]) : (raw as Buffer);
    let start = 0;
    if (first) {
      // The mark may arrive split across reads: decide once three bytes are in.
      if (bytes.length < 3) {
        carry = Buffer.from(bytes);
        continue;
      }
      first = false;
      if (hasBom(bytes)) start = 3;
    }
    // Hold back an incomplete sequence at the end of this read.
    let end = bytes.length;
    for (let back = 1; back <= 3 && end - back >= start; back++) {
      const b = bytes[end - back];
      if ((b & 0xc0) === 0x80) continue;
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (length > back) end -= back;
      break;
    }
    const whole = bytes.subarray(0, end);
    const text = decode(path, whole, byteBase, lines, start);
    carry = Buffer.from(bytes.subarray(end));
    lines += countLines(whole);
    byteBase += end;
    if (text !== '') yield text;
  }
  if (carry.length > 0) {
    // A file shorter than three bytes, or an incomplete sequence at its very end.
    const text = decode(path, carry, byteBase, lines, first && hasBom(carry) ? 3 : 0);
    if (first && text !== '') yield text;
  }
}
