import type { Edit } from './types.js';
import { CodePointIndex } from './text.js';

/**
 * Composes two edit logs: `first` maps source -> middle, `second` maps
 * middle -> output. The result maps source -> output directly, so spans
 * still point into the original source and into the final output.
 *
 * Changed regions of the middle text (output spans of `first`, source spans
 * of `second`) that overlap or touch are merged into one edit; an edit that
 * stands alone keeps its kind, generator and fact type. A region whose text
 * came back unchanged is dropped: the log records net changes only.
 */
export function composeEdits(
  source: string,
  output: string,
  first: readonly Edit[],
  second: readonly Edit[],
  firstName?: string,
  secondName?: string,
): Edit[] {
  type Piece = { start: number; end: number; edit: Edit; stage: 1 | 2 };
  const pieces: Piece[] = [
    ...first.map((edit) => ({ start: edit.outputSpan[0], end: edit.outputSpan[1], edit, stage: 1 as const })),
    ...second.map((edit) => ({ start: edit.sourceSpan[0], end: edit.sourceSpan[1], edit, stage: 2 as const })),
  ].sort((a, b) => a.start - b.start || a.end - b.end);

  // Offsets (output length - source length) accumulated by edits ending at or before a middle position.
  const firstShift = shiftFinder(first, (e) => e.outputSpan[1], (e) => e.outputSpan[1] - e.outputSpan[0] - (e.sourceSpan[1] - e.sourceSpan[0]));
  const secondShift = shiftFinder(second, (e) => e.sourceSpan[1], (e) => e.outputSpan[1] - e.outputSpan[0] - (e.sourceSpan[1] - e.sourceSpan[0]));

  const src = new CodePointIndex(source);
  const out = new CodePointIndex(output);
  const result: Edit[] = [];
  let i = 0;
  while (i < pieces.length) {
    const group = [pieces[i]];
    let end = pieces[i].end;
    const start = pieces[i].start;
    i++;
    while (i < pieces.length && pieces[i].start <= end) {
      end = Math.max(end, pieces[i].end);
      group.push(pieces[i]);
      i++;
    }
    // A group's own edits end at or after its start (a deletion may end exactly at it), so the
    // start counts edits ending strictly before it; earlier groups end strictly before it too.
    const sourceSpan = [start - firstShift(start, true), end - firstShift(end, false)] as const;
    const outputSpan = [start + secondShift(start, true), end + secondShift(end, false)] as const;
    const before = src.slice(sourceSpan[0], sourceSpan[1]);
    const after = out.slice(outputSpan[0], outputSpan[1]);
    if (before === after) continue;
    const edit: Edit = { kind: 'composite', sourceSpan, outputSpan, before, after };
    if (group.length === 1) {
      const only = group[0];
      edit.kind = only.edit.kind;
      const name = only.edit.generator ?? (only.stage === 1 ? firstName : secondName);
      if (name !== undefined) edit.generator = name;
    } else {
      // Names in chain order (earlier stage first), not in text order.
      const staged = [...group].sort((a, b) => a.stage - b.stage);
      const names = [...new Set(staged.flatMap((p) => (p.edit.generator ?? (p.stage === 1 ? firstName : secondName) ?? '').split('+')).filter((n) => n !== ''))];
      if (names.length > 0) edit.generator = names.join('+');
    }
    const fact = group.find((p) => p.edit.factType !== undefined);
    if (fact) edit.factType = fact.edit.factType;
    result.push(edit);
  }
  return result;
}

/**
 * Returns f(p, strict) = sum of deltas of edits whose end (by `endOf`) is < p
 * (strict) or <= p.
 * Queries arrive in increasing order of p within one composition, but we
 * binary-search to stay correct for any order.
 */
function shiftFinder(edits: readonly Edit[], endOf: (e: Edit) => number, deltaOf: (e: Edit) => number): (p: number, strict: boolean) => number {
  const sorted = [...edits].sort((a, b) => endOf(a) - endOf(b));
  const ends = sorted.map(endOf);
  const prefix = new Float64Array(sorted.length + 1);
  for (let k = 0; k < sorted.length; k++) prefix[k + 1] = prefix[k] + deltaOf(sorted[k]);
  return (p, strict) => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? ends[mid] < p : ends[mid] <= p) lo = mid + 1;
      else hi = mid;
    }
    return prefix[lo];
  };
}

/**
 * Checks an edit log against the texts it claims to connect: every span
 * slices (by code points) to its `before` and `after`, and replaying the
 * edits on the source, in source order, gives the output with the same
 * output spans. Returns the first problem found, or undefined when the log
 * is exact. Tests and dataset checks use it; it never throws.
 */
export function checkEdits(source: string, output: string, edits: readonly Edit[]): string | undefined {
  const src = new CodePointIndex(source);
  const out = new CodePointIndex(output);
  const ordered = [...edits].sort((a, b) => a.sourceSpan[0] - b.sourceSpan[0] || a.sourceSpan[1] - b.sourceSpan[1]);
  const parts: string[] = [];
  let cursor = 0;
  let shift = 0; // output offset minus source offset after the edits so far
  for (const [i, e] of ordered.entries()) {
    const [s0, s1] = e.sourceSpan;
    const [o0, o1] = e.outputSpan;
    if (!(s0 >= cursor && s1 >= s0 && s1 <= src.length)) return `edit ${i} (${e.kind}): source span [${s0}, ${s1}) overlaps an earlier edit or lies outside the source`;
    if (!(o1 >= o0 && o1 <= out.length)) return `edit ${i} (${e.kind}): output span [${o0}, ${o1}) lies outside the output`;
    if (src.slice(s0, s1) !== e.before) return `edit ${i} (${e.kind}): source span [${s0}, ${s1}) is ${JSON.stringify(src.slice(s0, s1))}, not before=${JSON.stringify(e.before)}`;
    if (out.slice(o0, o1) !== e.after) return `edit ${i} (${e.kind}): output span [${o0}, ${o1}) is ${JSON.stringify(out.slice(o0, o1))}, not after=${JSON.stringify(e.after)}`;
    if (o0 !== s0 + shift) return `edit ${i} (${e.kind}): output span starts at ${o0}, but the edits before it put it at ${s0 + shift}`;
    parts.push(src.slice(cursor, s0), e.after);
    shift += o1 - o0 - (s1 - s0);
    cursor = s1;
  }
  parts.push(src.slice(cursor, src.length));
  const replayed = parts.join('');
  if (replayed !== output) return `replaying the edits on the source does not give the output (first difference at UTF-16 index ${firstDifference(replayed, output)})`;
  return undefined;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
