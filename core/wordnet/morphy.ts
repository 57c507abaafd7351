import type { Pos } from './format.js';

/**
 * WordNet's morphology as NLTK implements it (`WordNetCorpusReader._morphy`),
 * so that lookups match `wn.synsets(word)` form for form:
 * 0. a form listed in the exception list of the POS returns the form and its
 *    listed bases that are lemmas of that POS, and no rule is tried;
 * 1. otherwise apply every suffix rule once, and return the form itself and
 *    the results that are lemmas of that POS;
 * 2. if none is, keep applying the rules to the results until some are.
 */
// The naive-spin table (generators/spin/naive-table.ts) caches lookups made with these rules: it
// hashes them into its cache name, but a change to how morphyKeys applies them needs its TABLE_VERSION bumped.
export const SUFFIX_RULES: Readonly<Record<Pos, ReadonlyArray<readonly [string, string]>>> = {
  n: [['s', ''], ['ses', 's'], ['ves', 'f'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  v: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  a: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  r: [],
};

/** What morphy needs from the index. */
export interface MorphySource {
  /** Key id of an index lemma (any POS), or -1. */
  keyOf(form: string): number;
  /** Key id of `form.slice(0, prefixLength) + suffix` (any POS), or -1, without building that string. */
  keyOfJoined(form: string, prefixLength: number, suffix: string): number;
  /** Exception-list entry id of a form (any POS), or -1. */
  exceptionOf(form: string): number;
  /**
   * Base key ids (NO_ID for bases that are no lemma) of an exception entry for
   * `pos`, or undefined when the entry has none for that POS.
   */
  exceptionBasesOf(entry: number, pos: number): ArrayLike<number> | undefined;
  /** True when key id `key` has synsets of `pos`. */
  keyHasPos(key: number, pos: number): boolean;
}

const RULES_BY_INDEX = [SUFFIX_RULES.n, SUFFIX_RULES.v, SUFFIX_RULES.a, SUFFIX_RULES.r];

/**
 * Base forms of a lowercased `form` for POS index `pos` (0 n, 1 v, 2 a, 3 r),
 * as key ids in NLTK's order, without duplicates. `self` and `exception` are
 * the form's own key and exception entry (-1 for none), looked up once by
 * callers that run all four POS. The first round of rules looks its results
 * up without building them as strings (every token of a text comes here
 * once); only a form none of whose first-round results is a lemma goes on
 * to NLTK's further rounds.
 */
export function morphyKeys(form: string, pos: number, source: MorphySource, self = source.keyOf(form), exception = source.exceptionOf(form)): number[] {
  const result: number[] = [];
  const bases = exception >= 0 ? source.exceptionBasesOf(exception, pos) : undefined;
  if (bases !== undefined) {
    addBase(result, source, pos, self);
    for (let i = 0; i < bases.length; i++) if (bases[i] !== 0xffffffff) addBase(result, source, pos, bases[i]);
    return result;
  }
  addBase(result, source, pos, self);
  const rules = RULES_BY_INDEX[pos];
  let applied = false;
  for (const [old, replacement] of rules) {
    if (!form.endsWith(old)) continue;
    applied = true;
    addBase(result, source, pos, source.keyOfJoined(form, form.length - old.length, replacement));
  }
  if (result.length > 0 || !applied) return result;
  let forms = applyRules([form], rules);
  while (result.length === 0 && forms.length > 0) {
    forms = applyRules(forms, rules);
    for (const f of forms) addBase(result, source, pos, source.keyOf(f));
  }
  return result;
}

function addBase(result: number[], source: MorphySource, pos: number, key: number): void {
  if (key >= 0 && source.keyHasPos(key, pos) && !result.includes(key)) result.push(key);
}

function applyRules(forms: readonly string[], rules: ReadonlyArray<readonly [string, string]>): string[] {
  const out: string[] = [];
  for (const form of forms) {
    for (const [old, replacement] of rules) {
      if (form.endsWith(old)) out.push(form.slice(0, form.length - old.length) + replacement);
    }
  }
  return out;
}
