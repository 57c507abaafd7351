/**
 * Edits from a rewrite the generator did not make itself: the source and the
 * model's answer are aligned word by word (jsdiff's diffArrays over the
 * project tokenizer's tokens, whitespace runs included as tokens), and each
 * run of differences becomes one Edit whose code-point spans slice exactly,
 * so replaying the edits on the source rebuilds the answer.
 */
import { diffArrays } from 'diff';
import type { Edit } from '../../core/types.js';
import { CodePointIndex } from '../../core/text.js';
import { isWordLike, tokenize } from '../../core/tokenize.js';

interface Piece {
  text: string;
  start: number;
  end: number;
}

export interface Alignment {
  edits: Edit[];
  /** Word tokens of the source. */
  sourceWords: number;
  /** Word tokens of the source inside an edit: the realized share's numerator. */
  changedWords: number;
}

/** Words and punctuation as the tokenizer cuts them, with the whitespace between them as pieces of their own. */
function pieces(text: string, index: CodePointIndex): Piece[] {
  const out: Piece[] = [];
  let cursor = 0;
  for (const t of tokenize(text, 'words', index)) {
    if (t.start > cursor) out.push({ text: index.slice(cursor, t.start), start: cursor, end: t.start });
    out.push(t);
    cursor = t.end;
  }
  if (cursor < index.length) out.push({ text: index.slice(cursor, index.length), start: cursor, end: index.length });
  return out;
}

const isSpace = (p: Piece) => p.text.trim() === '';

/**
 * Aligns `source` with `output`; edit spans are shifted by `offset` (where
 * the two texts sit inside larger ones, for a rewritten sentence).
 */
export function alignEdits(source: string, output: string, kind: string, offset = { source: 0, output: 0 }): Alignment {
  const srcIndex = new CodePointIndex(source);
  const outIndex = new CodePointIndex(output);
  const a = pieces(source, srcIndex);
  const b = pieces(output, outIndex);
  const sourceWords = a.filter((p) => isWordLike(p.text)).length;
  // Hunks of differences as piece ranges [a0, a1) x [b0, b1).
  const hunks: Array<[number, number, number, number]> = [];
  let i = 0;
  let j = 0;
  let open: [number, number, number, number] | undefined;
  for (const change of diffArrays(a.map((p) => p.text), b.map((p) => p.text))) {
    const n = change.value.length;
    if (!change.added && !change.removed) {
      // Only whitespace kept between two differences: one edit reads better than two ("big red" -> "small blue").
      const bridge = open !== undefined && a.slice(i, i + n).every(isSpace);
      if (open && !bridge) {
        hunks.push(open);
        open = undefined;
      }
      i += n;
      j += n;
      continue;
    }
    open ??= [i, i, j, j];
    if (change.removed) i += n;
    else j += n;
    open[1] = i;
    open[3] = j;
  }
  if (open) hunks.push(open);

  let changedWords = 0;
  const edits: Edit[] = [];
  for (const [a0, a1, b0, b1] of hunks) {
    const s0 = a0 < a.length ? a[a0].start : srcIndex.length;
    const s1 = a1 > a0 ? a[a1 - 1].end : s0;
    const t0 = b0 < b.length ? b[b0].start : outIndex.length;
    const t1 = b1 > b0 ? b[b1 - 1].end : t0;
    for (let k = a0; k < a1; k++) if (isWordLike(a[k].text)) changedWords++;
    edits.push({
      kind,
      sourceSpan: [s0 + offset.source, s1 + offset.source],
      outputSpan: [t0 + offset.output, t1 + offset.output],
      before: srcIndex.slice(s0, s1),
      after: outIndex.slice(t0, t1),
    });
  }
  return { edits, sourceWords, changedWords };
}
