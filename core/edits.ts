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
 * source and the output. Every generator builds its output here (or with
 * EditWriter, which this is built on), so span bookkeeping lives in one place.
 */
export function applyReplacements(
  source: string,
  replacements: readonly Replacement[],
  index: CodePointIndex = new CodePointIndex(source),
): { text: string; edits: Edit[] } {
  const sorted = isSorted(replacements) ? replacements : [...replacements].sort((a, b) => a.start - b.start || a.end - b.end);
  const writer = new EditWriter(index);
  for (const r of sorted) writer.replace(r.start, r.end, r.after, r.kind, r.factType);
  return writer.finish();
}

/**
 * applyReplacements one replacement at a time, for hot loops that should not
 * allocate a Replacement per change: call `replace` in source order, then
 * `finish` once.
 */
export class EditWriter {
  /**
   * The output so far. `+=` builds a rope that V8 flattens once, when the
   * text is first read: several times cheaper than collecting the pieces and
   * joining them when the source is a two-byte string.
   */
  private text = '';
  private readonly edits: Edit[] = [];
  /** Code points of source consumed. */
  private cursor = 0;
  /** Code points of output written. */
  private out = 0;

  constructor(private readonly index: CodePointIndex) {}

  /** Replaces source code points `[start, end)` with `after` (start === end inserts); throws on overlap or out of range. */
  replace(start: number, end: number, after: string, kind: string, factType?: FactType): void {
    const index = this.index;
    if (start < this.cursor || end < start || end > index.length) {
      throw new RangeError(`replacement [${start}, ${end}) overlaps another or lies outside the text`);
    }
    if (start > this.cursor) {
      this.text += index.slice(this.cursor, start);
      this.out += start - this.cursor;
    }
    const afterLength = codePointLength(after);
    this.text += after;
    const edit: Edit = {
      kind,
      sourceSpan: [start, end],
      outputSpan: [this.out, this.out + afterLength],
      before: index.slice(start, end),
      after,
    };
    if (factType !== undefined) edit.factType = factType;
    this.edits.push(edit);
    this.out += afterLength;
    this.cursor = end;
  }

  /** The output text and the edits, in source order. */
  finish(): { text: string; edits: Edit[] } {
    if (this.cursor < this.index.length) this.text += this.index.slice(this.cursor, this.index.length);
    this.cursor = this.index.length;
    return { text: this.text, edits: this.edits };
  }
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
