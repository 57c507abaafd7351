import type { Edit, FactType } from './types.js';
import { CodePointIndex, codePointLength } from './text.js';

/** A planned change: replace source code points `[start, end)` with `after` (start === end inserts). */
export interface Replacement {
  start: number;
  end: number;
  after: string;
  kind: string;
  factType?: FactType;
}

/**
 * Applies non-overlapping replacements to a text and returns the output with
 * an Edit per replacement, whose spans point at the changed text in both the
 * source and the output. Every generator builds its output here, so span
 * bookkeeping lives in one place.
 */
export function applyReplacements(
  source: string,
  replacements: readonly Replacement[],
  index: CodePointIndex = new CodePointIndex(source),
): { text: string; edits: Edit[] } {
  const sorted = isSorted(replacements) ? replacements : [...replacements].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  const edits: Edit[] = [];
  let cursor = 0; // code points of source consumed
  let out = 0; // code points of output written
  for (const r of sorted) {
    if (r.start < cursor || r.end < r.start || r.end > index.length) {
      throw new RangeError(`replacement [${r.start}, ${r.end}) overlaps another or lies outside the text`);
    }
    if (r.start > cursor) {
      parts.push(index.slice(cursor, r.start));
      out += r.start - cursor;
    }
    const before = index.slice(r.start, r.end);
    const afterLength = codePointLength(r.after);
    parts.push(r.after);
    const edit: Edit = {
      kind: r.kind,
      sourceSpan: [r.start, r.end],
      outputSpan: [out, out + afterLength],
      before,
      after: r.after,
    };
    if (r.factType !== undefined) edit.factType = r.factType;
    edits.push(edit);
    out += afterLength;
    cursor = r.end;
  }
  if (cursor < index.length) parts.push(index.slice(cursor, index.length));
  return { text: parts.join(''), edits };
}

function isSorted(rs: readonly Replacement[]): boolean {
  for (let i = 1; i < rs.length; i++) if (rs[i].start < rs[i - 1].start) return false;
  return true;
}

/** Share of eligible units touched; 0 when nothing was eligible. */
export function realizedShare(touched: number, eligible: number): number {
  return eligible === 0 ? 0 : touched / eligible;
}

/** True when an edit log alters a fact (ground truth for the consistency task). */
export function altersFact(edits: readonly Edit[]): boolean {
  return edits.some((e) => e.factType !== undefined);
}
