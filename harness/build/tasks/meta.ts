import type { Edit } from '../../../core/types.js';
import type { ResolvedGenerator } from './contract.js';

/** Report grouping fields every generated sample carries. */
export function sampleMeta(gen: ResolvedGenerator, edits: readonly Edit[]): Record<string, string> {
  const meta: Record<string, string> = { family: gen.family };
  const facts = [...new Set(edits.map((e) => e.factType).filter((f): f is NonNullable<typeof f> => f !== undefined))].sort();
  if (facts.length > 0) meta.factTypes = facts.join(',');
  return meta;
}
