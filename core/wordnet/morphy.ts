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
export const SUFFIX_RULES: Readonly<Record<Pos, ReadonlyArray<readonly [string, string]>>> = {
  n: [['s', ''], ['ses', 's'], ['ves', 'f'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  v: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  a: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  r: [],
};

/** What morphy needs from the index: key ids of lemmas, and exception bases. */
export interface MorphySource {
  /** Key id of an index lemma that has synsets of `pos`, or -1. */
  lemmaOfPos(form: string, pos: number): number;
  /** Base key ids (NO_ID for bases that are no lemma) when `form` is in the POS's exception list, else undefined. */
  exceptionBases(form: string, pos: number): ArrayLike<number> | undefined;
  /** True when key id `key` has synsets of `pos`. */
  keyHasPos(key: number, pos: number): boolean;
}

const RULES_BY_INDEX = [SUFFIX_RULES.n, SUFFIX_RULES.v, SUFFIX_RULES.a, SUFFIX_RULES.r];

/**
 * Base forms of a lowercased `form` for POS index `pos` (0 n, 1 v, 2 a, 3 r),
 * as key ids in NLTK's order, without duplicates.
 */
export function morphyKeys(form: string, pos: number, source: MorphySource): number[] {
  const result: number[] = [];
  const add = (key: number) => {
    if (key >= 0 && !result.includes(key)) result.push(key);
  };
  const bases = source.exceptionBases(form, pos);
  if (bases !== undefined) {
    add(source.lemmaOfPos(form, pos));
    for (let i = 0; i < bases.length; i++) if (bases[i] !== 0xffffffff && source.keyHasPos(bases[i], pos)) add(bases[i]);
    return result;
  }
  const rules = RULES_BY_INDEX[pos];
  let forms = applyRules([form], rules);
  add(source.lemmaOfPos(form, pos));
  for (const f of forms) add(source.lemmaOfPos(f, pos));
  while (result.length === 0 && forms.length > 0) {
    forms = applyRules(forms, rules);
    for (const f of forms) add(source.lemmaOfPos(f, pos));
  }
  return result;
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
