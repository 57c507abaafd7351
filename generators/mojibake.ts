import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import { EditWriter, realizedShare, withLazyEdits } from '../core/edits.js';
import { createRng } from '../core/rng.js';
import { selectNested } from '../core/select.js';

/**
 * Windows-1252 names for bytes 0x80-0x9F; the other bytes map to the Latin-1
 * code point of the same value. Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are
 * undefined in cp1252; decoders that do not fail pass them through as C1
 * controls, which is what we do.
 */
const CP1252_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
  0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•',
  0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

/** The UTF-8 bytes of one character, read back as Windows-1252. */
export function mojibakeOf(char: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(char)) out += CP1252_HIGH[byte] ?? String.fromCharCode(byte);
  return out;
}

/**
 * The observed article carries "â€”" where the publisher had "—": its UTF-8
 * bytes were decoded as Windows-1252. A unit is one non-ASCII character.
 */
export default defineGenerator({
  name: 'mojibake',
  description: 'Re-decodes non-ASCII characters from UTF-8 as Windows-1252 ("—" -> "â€”"), as in the observed article.',
  family: 'character',
  unit: 'non-ASCII characters',
  defaultIntensity: 1,
  generate(text, { intensity, seed }) {
    const index = new CodePointIndex(text);
    // Two scans of the text and no object per unit: a long text has hundreds of thousands of units.
    const n = text.length;
    let units = 0;
    for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f && !isLowAfterHigh(text, i)) units++;
    const mask = selectNested(units, intensity, createRng(seed));
    const writer = new EditWriter(index);
    const seen = new Map<string, string>();
    let unit = 0;
    let cp = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c <= 0x7f) {
        cp++;
        continue;
      }
      if (isLowAfterHigh(text, i)) continue;
      if (mask[unit++]) {
        const ch = isHighBeforeLow(text, i) ? text.slice(i, i + 2) : text[i];
        let after = seen.get(ch);
        if (after === undefined) seen.set(ch, (after = mojibakeOf(ch)));
        writer.replace(cp, cp + 1, after, 'mojibake');
      }
      cp++;
    }
    return withLazyEdits(
      { text: writer.output(), edits: [], requestedIntensity: intensity, realizedIntensity: realizedShare(writer.count, units), eligible: units },
      () => writer.edits(),
    );
  },
});

/** True when unit i is the low half of a surrogate pair (string iteration reads the pair as one character). */
function isLowAfterHigh(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xdc00 || c > 0xdfff || i === 0) return false;
  const h = text.charCodeAt(i - 1);
  return h >= 0xd800 && h <= 0xdbff;
}

/** True when unit i is the high half of a surrogate pair. */
function isHighBeforeLow(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return false;
  const l = text.charCodeAt(i + 1);
  return l >= 0xdc00 && l <= 0xdfff;
}
