import type { DetectorItem, DetectorResult } from '../../core/types.js';
import { excerpt, interpret } from './protocol.js';

/**
 * Turns whatever a detector returned for a batch into exactly one checked
 * result per item, in the items' order: answers for unknown ids are
 * rejected (logged), a repeated id keeps its first answer, a missing answer
 * becomes an error for its item, and every answer passes the same checks as
 * the wire protocol (finite score, 0/1 label, well-formed spans).
 */
export function reconcile(items: readonly DetectorItem[], raw: unknown, onLog: (line: string) => void, context: string): DetectorResult[] {
  const wanted = new Set(items.map((i) => i.id));
  const answers = new Map<string, DetectorResult>();
  if (Array.isArray(raw)) {
    for (const value of raw) {
      const parsed = interpret(value);
      if (parsed.kind !== 'result') {
        onLog(`${context}: ignored an answer (${parsed.kind === 'junk' ? parsed.reason : 'handshake'}): ${excerpt(JSON.stringify(value) ?? String(value))}`);
        continue;
      }
      const { id } = parsed.result;
      if (!wanted.has(id)) onLog(`${context}: rejected an answer for an unknown id ${JSON.stringify(id).slice(0, 200)}`);
      else if (answers.has(id)) onLog(`${context}: ignored a second answer for id ${JSON.stringify(id).slice(0, 200)}`);
      else answers.set(id, parsed.result);
    }
  } else {
    onLog(`${context}: expected an array of results, got ${excerpt(JSON.stringify(raw) ?? String(raw))}`);
  }
  return items.map((item) => answers.get(item.id) ?? { id: item.id, error: `${context}: no answer for this item` });
}
