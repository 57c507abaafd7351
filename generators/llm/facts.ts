/**
 * Which edits of a rewrite change a fact. A paraphrase moves names and
 * numbers around, so a fact mention inside an edit counts only when the
 * rewrite changed how often the text states it: a name, number, date or
 * negation that the answer dropped (source side) or brought in (output side).
 * The recognizers are fact-swap's.
 */
import type { Edit } from '../../core/types.js';
import { recognizeFacts } from '../facts/recognize.js';
import type { FactKind, FactMention } from '../facts/mention.js';

const KINDS: ReadonlySet<FactKind> = new Set<FactKind>(['person', 'place', 'organization', 'date', 'number', 'negation']);

const keyOf = (m: FactMention) => `${m.type}\u0000${m.text.toLowerCase()}`;

function counts(mentions: readonly FactMention[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of mentions) out.set(keyOf(m), (out.get(keyOf(m)) ?? 0) + 1);
  return out;
}

/** Sets `factType` on the edits (in place) whose text drops or adds a fact; edits hold spans into `source` and `output`. */
export function markFactChanges(source: string, output: string, edits: Edit[]): void {
  if (edits.length === 0) return;
  const before = recognizeFacts(source, KINDS);
  const after = recognizeFacts(output, KINDS);
  const inSource = counts(before);
  const inOutput = counts(after);
  for (const edit of edits) {
    const dropped = before.find((m) => overlaps(m, edit.sourceSpan) && (inSource.get(keyOf(m)) ?? 0) > (inOutput.get(keyOf(m)) ?? 0));
    const added = dropped ? undefined : after.find((m) => overlaps(m, edit.outputSpan) && (inOutput.get(keyOf(m)) ?? 0) > (inSource.get(keyOf(m)) ?? 0));
    const found = dropped ?? added;
    if (found) edit.factType = found.type;
  }
}

function overlaps(m: FactMention, span: readonly [number, number]): boolean {
  return m.start < span[1] && span[0] < m.end;
}
