import type { FactType } from '../../core/types.js';
import type { CodePointIndex } from '../../core/text.js';

/** The fact kinds fact-swap recognises, in the order overlaps are resolved (earlier wins). */
export const FACT_KINDS = ['person', 'place', 'organization', 'date', 'number', 'negation', 'pronoun', 'antonym'] as const;
export type FactKind = (typeof FACT_KINDS)[number] & FactType;

/**
 * One fact stated in a text, as a recogniser found it. The span covers the
 * characters a swap replaces (code points, half-open), e.g. "Mexico" in
 * "Mexico's", "85" in "85 percent", "can't" for a negation.
 */
export interface FactMention {
  start: number;
  end: number;
  text: string;
  type: FactKind;
  /**
   * Identity of an entity, so a swap never replaces a name by another form
   * of the same one ("Lighthizer" by "Robert Lighthizer", "U.S." by
   * "United States"): the surname for persons, a normalized name otherwise.
   */
  key?: string;
  /**
   * What the span may become, in a fixed order; a swap picks one with a
   * draw private to the mention, so the choice does not depend on which
   * other mentions are swapped. Empty: the mention is not eligible.
   */
  options: readonly string[];
}

/** Where a regex match sits in code points. */
export function spanOf(index: CodePointIndex, u16Start: number, u16End: number): { start: number; end: number } {
  return { start: index.toCodePoint(u16Start), end: index.toCodePoint(u16End) };
}

/** Gives `replacement` the case pattern of `original`: "He" -> "She", "HE" -> "SHE". */
export function matchCase(original: string, replacement: string): string {
  if (original.length > 1 && original === original.toUpperCase() && original !== original.toLowerCase()) return replacement.toUpperCase();
  const first = original.charAt(0);
  if (first !== first.toLowerCase() && replacement.length > 0) return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}
