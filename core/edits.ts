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
 * allocate a Replacement per change: call `replace` (or `replaceMany`) in
 * source order, then `output()` and, when wanted, `edits()`. Replacements are
 * recorded compactly; the output is built once, and the Edit objects and
 * their code-point spans only when asked for, since a caller that prints
 * the text never reads them and tens of thousands of small objects cost
 * more than the spin that made them.
 */
export class EditWriter {
  /** Source code units consumed. */
  private cursor = 0;
  /** Per replacement: source start and end, in UTF-16 code units (plain arrays: most writers see a handful). */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly afters: string[] = [];
  private readonly kinds: string[] = [];
  /** factType by replacement index, only where set. */
  private facts: Map<number, FactType> | undefined;
  private built: Edit[] | undefined;
  /** Output minus source length, in code points, after the edits built so far. */
  private builtShift = 0;
  private finished: string | undefined;

  constructor(private readonly index: CodePointIndex) {}

  /** Replacements so far. */
  get count(): number {
    return this.afters.length;
  }

  /** Replaces source code points `[start, end)` with `after` (start === end inserts); throws on overlap or out of range. */
  replace(start: number, end: number, after: string, kind: string, factType?: FactType): void {
    const index = this.index;
    if (end < start || start < 0 || end > index.length) throw outside(start, end);
    const from = index.toU16(start);
    if (from < this.cursor) throw outside(start, end);
    this.open();
    if (factType !== undefined) (this.facts ??= new Map()).set(this.afters.length, factType);
    this.starts.push(from);
    this.ends.push((this.cursor = index.toU16(end)));
    this.afters.push(after);
    this.kinds.push(kind);
  }

  /**
   * `count` replacements at once, in source order, by UTF-16 offsets
   * (`starts[i]`, `ends[i]`) that must not split a surrogate pair:
   * `afters[i]` for each, all of one kind, `factTypes[i]` where defined.
   * One call is one tight loop, which the JIT optimizes early in a one-shot
   * run: a spin of 300,000 words calls this once.
   */
  replaceMany(count: number, starts: ArrayLike<number>, ends: ArrayLike<number>, afters: readonly string[], kind: string, factTypes?: ReadonlyMap<number, FactType>): void {
    if (!Number.isInteger(count) || count < 0 || count > starts.length || count > ends.length || count > afters.length) {
      throw new RangeError(`replaceMany: count ${count} is not within the arrays given`);
    }
    const index = this.index;
    const length = index.text.length;
    let cursor = this.cursor;
    for (let i = 0; i < count; i++) {
      const start = starts[i];
      const end = ends[i];
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < cursor || end < start || end > length) {
        throw new RangeError(`replacement [${start}, ${end}) (UTF-16) overlaps another or lies outside the text`);
      }
      // Only a text with astral characters has offsets inside a pair.
      if (index.length !== length && (index.toU16(index.toCodePoint(start)) !== start || index.toU16(index.toCodePoint(end)) !== end)) {
        throw new RangeError(`replacement [${start}, ${end}) (UTF-16) splits a surrogate pair`);
      }
      cursor = end;
    }
    if (factTypes !== undefined) {
      for (const i of factTypes.keys()) if (!Number.isInteger(i) || i < 0 || i >= count) throw new RangeError(`replaceMany: factTypes names replacement ${i} of ${count}`);
    }
    this.open();
    const base = this.afters.length;
    for (let i = 0; i < count; i++) {
      this.starts.push(starts[i]);
      this.ends.push(ends[i]);
      this.afters.push(afters[i]);
      this.kinds.push(kind);
    }
    this.cursor = cursor;
    if (factTypes !== undefined) for (const [i, fact] of factTypes) (this.facts ??= new Map()).set(base + i, fact);
  }

  /** The whole output (the source with every replacement applied); no replacement can follow it. */
  output(): string {
    this.finished ??= this.afters.length === 0 ? this.index.text : this.build();
    return this.finished;
  }

  /**
   * The edits so far, in source order, with code-point spans: one array,
   * built on the first call and extended by later ones, so changes made to
   * its edits stay.
   */
  edits(): Edit[] {
    const { starts, ends, afters, kinds, facts, index } = this;
    const edits = (this.built ??= []);
    // Output offsets in code points: the source up to each edit shifted by what earlier edits changed.
    let shift = this.builtShift;
    for (let i = edits.length; i < afters.length; i++) {
      const start = index.toCodePoint(starts[i]);
      const end = index.toCodePoint(ends[i]);
      const after = afters[i];
      const afterLength = codePointLength(after);
      const edit: Edit = { kind: kinds[i], sourceSpan: [start, end], outputSpan: [start + shift, start + shift + afterLength], before: index.slice(start, end), after };
      const fact = facts?.get(i);
      if (fact !== undefined) edit.factType = fact;
      edits.push(edit);
      shift += afterLength - (end - start);
    }
    this.builtShift = shift;
    return edits;
  }

  /** The output text and the edits, in source order. */
  finish(): { text: string; edits: Edit[] } {
    return { text: this.output(), edits: this.edits() };
  }

  /** Checks the writer still takes replacements. */
  private open(): void {
    if (this.finished !== undefined) throw new Error('EditWriter: replace after output()');
  }

  /**
   * The output, built one of two ways. Few replacements in a long text
   * (an inserted sentence): slices of the source concatenated, so the
   * untouched text is never copied char by char. Many (a spin touching every fourth
   * word): every code unit copied into one buffer decoded once, half the
   * cost of the slices and nothing left per replacement for the collector.
   */
  private build(): string {
    const { starts, ends, afters } = this;
    const text = this.index.text;
    const n = afters.length;
    if (text.length > DENSE_GAP * (n + 1)) {
      // `+=` builds a rope that V8 flattens once, when the text is first read.
      let out = '';
      let cursor = 0;
      for (let i = 0; i < n; i++) {
        if (starts[i] > cursor) out += text.slice(cursor, starts[i]);
        out += afters[i];
        cursor = ends[i];
      }
      return out + text.slice(cursor);
    }
    let size = text.length;
    for (let i = 0; i < n; i++) size += afters[i].length - (ends[i] - starts[i]);
    const units = new Uint16Array(size);
    let w = 0;
    let cursor = 0;
    for (let i = 0; i < n; i++) {
      for (let j = cursor, to = starts[i]; j < to; j++) units[w++] = text.charCodeAt(j);
      const after = afters[i];
      for (let j = 0; j < after.length; j++) units[w++] = after.charCodeAt(j);
      cursor = ends[i];
    }
    for (let j = cursor; j < text.length; j++) units[w++] = text.charCodeAt(j);
    return unitsToString(units, w);
  }
}

/** Average source code units between replacements above which the output is concatenated from slices rather than copied unit by unit. */
const DENSE_GAP = 64;

function outside(start: number, end: number): RangeError {
  return new RangeError(`replacement [${start}, ${end}) overlaps another or lies outside the text`);
}

/**
 * A result whose `edits` are built on first read (and then kept, so changes
 * to them stick): the CLI that prints only the text, and a chain step whose
 * edits nobody asks for, skip building them. JSON.stringify and spreads read
 * the property like any other; an `edits` key already in `fields` (a
 * placeholder) keeps its place in the key order, so serialized results keep
 * their field order.
 */
export function withLazyEdits<T extends object>(fields: T, build: () => Edit[]): T & { edits: Edit[] } {
  let edits: Edit[] | undefined;
  // Dropped once used: it may hold the writer, the source text and its index.
  let builder: (() => Edit[]) | undefined = build;
  return Object.defineProperty(fields, 'edits', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (edits === undefined) {
        edits = builder!();
        builder = undefined;
      }
      return edits;
    },
    set: (value: Edit[]) => {
      edits = value;
      builder = undefined;
    },
  }) as T & { edits: Edit[] };
}

/** A string of the first `length` code units (lone surrogates kept as they are). */
export function unitsToString(units: Uint16Array, length: number): string {
  // One native decode on little-endian machines (all Node targets but s390x); else in chunks.
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, length * 2).toString('utf16le');
  let s = '';
  for (let i = 0; i < length; i += 8192) s += String.fromCharCode(...units.subarray(i, Math.min(length, i + 8192)));
  return s;
}
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
