import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import { applyReplacements, realizedShare, type Replacement } from '../core/edits.js';
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
    const units: Replacement[] = [];
    let cp = 0;
    for (const ch of text) {
      if (ch.codePointAt(0)! > 0x7f) units.push({ start: cp, end: cp + 1, after: mojibakeOf(ch), kind: 'mojibake' });
      cp++;
    }
    const mask = selectNested(units.length, intensity, createRng(seed));
    const chosen = units.filter((_, i) => mask[i]);
    const { text: out, edits } = applyReplacements(text, chosen, index);
    return { text: out, edits, requestedIntensity: intensity, realizedIntensity: realizedShare(chosen.length, units.length), eligible: units.length };
  },
});
