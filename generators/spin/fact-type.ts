import type { FactType } from '../../core/types.js';
import type { WordNet } from '../../core/wordnet/index.js';

/**
 * Which naive replacements alter a fact the text states. Synonyms do not,
 * by construction; the naive spinner's are often not synonyms in context:
 * "he" -> "atomic number 2" loses who acted, "Robert" -> "Henry Martyn
 * Robert" renames a person, "One" -> "ace" drops a quantity, "not" ->
 * "nobelium" drops a negation. The consistency task's labels derive from
 * factType, so those edits carry one; a replacement that names the same
 * thing ("Mexico" -> "United Mexican States", "10" -> "ten") carries none.
 */
export function naiveFactType(names: NameFacts, cls: FactClass, token: string, after: string, afterName: number, sentenceStart: boolean): FactType | undefined {
  switch (cls) {
    case FactClass.None:
      return undefined;
    case FactClass.Pronoun:
      return PRONOUNS.has(after.toLowerCase()) ? undefined : 'pronoun';
    case FactClass.Number:
      return numberValue(after.toLowerCase()) === numberValue(token.toLowerCase()) ? undefined : 'number';
    case FactClass.Negator:
      return NEGATORS.has(after.toLowerCase()) ? undefined : 'negation';
    case FactClass.Capitalized:
      return nameFactType(names.exactName(token), afterName, sentenceStart);
  }
}

/** What a token may state, decided once per token type. */
export const enum FactClass {
  None,
  Pronoun,
  Number,
  Negator,
  Capitalized,
}

const UPPER_START = /^\p{Lu}/u;

export function factClass(token: string): FactClass {
  const lower = token.toLowerCase();
  if (PRONOUNS.has(lower) && (token !== token.toUpperCase() || token === 'I')) return FactClass.Pronoun;
  if (numberValue(lower) !== undefined) return FactClass.Number;
  if (NEGATORS.has(lower)) return FactClass.Negator;
  return UPPER_START.test(token) ? FactClass.Capitalized : FactClass.None;
}

/** Kinds of the synsets a capitalized name is a member of (bits of ExactName.kinds). */
export const NAME_PERSON = 1;
export const NAME_PLACE = 2;
export const NAME_ORGANIZATION = 4;

/**
 * What WordNet says of a token spelled exactly as one of its names
 * ("Robert", "Mexico"): the noun synsets of the token that have a member
 * with that exact spelling.
 */
export interface ExactName {
  /** NAME_PERSON | NAME_PLACE | NAME_ORGANIZATION, from those synsets' lexicographer files. */
  readonly kinds: number;
  /** True when name id `nameId` is a member of one of those synsets: another name of the same thing. */
  isAlias(nameId: number): boolean;
}

/** Where naiveFactType looks capitalized tokens up: WordNet itself, or the naive-spin table built from it. */
export interface NameFacts {
  /** The exact-spelling synsets of a token that starts with a capital letter, or undefined when it has none. */
  exactName(token: string): ExactName | undefined;
}

function nameFactType(exact: ExactName | undefined, afterName: number, sentenceStart: boolean): FactType | undefined {
  // A capitalized token names something when WordNet knows it with that exact spelling, or
  // when it is capitalized mid-sentence. Aliases of the same entity keep the fact.
  if (exact === undefined) return sentenceStart ? undefined : 'entity';
  const person = (exact.kinds & NAME_PERSON) !== 0;
  // A first name listed as one famous bearer (Robert -> Henry Martyn Robert) is not an alias in running text.
  if (!person && exact.isAlias(afterName)) return undefined;
  if (person) return 'person';
  if ((exact.kinds & NAME_PLACE) !== 0) return 'place';
  if ((exact.kinds & NAME_ORGANIZATION) !== 0) return 'organization';
  return sentenceStart ? undefined : 'entity';
}

const LEX_GROUP = 14;
const LEX_LOCATION = 15;
const LEX_PERSON = 18;

/**
 * Bump when exactNameOf's rules or the lexicographer files above change:
 * the naive-spin table caches exactNameOf's answers and names its file
 * after this version.
 */
export const NAME_FACTS_VERSION = 1;

/** NameFacts read from WordNet, memoized per token: capitalized names repeat through a text. */
export function wordNetNameFacts(wn: WordNet): NameFacts {
  const cache = new Map<string, ExactName | null>();
  return {
    exactName(token) {
      let found = cache.get(token);
      if (found === undefined) {
        found = exactNameOf(wn, token) ?? null;
        if (cache.size > 100_000) cache.clear();
        cache.set(token, found);
      }
      return found ?? undefined;
    },
  };
}

/** The exact-spelling synsets of a token as an ExactName; also what the naive-spin table stores. */
export function exactNameOf(wn: WordNet, token: string): (ExactName & { aliases: number[] }) | undefined {
  let kinds = 0;
  const aliases: number[] = [];
  let found = false;
  for (const syn of wn.synsetIds(token, 'n')) {
    let exact = false;
    for (let m = wn.memberStart(syn); m < wn.memberEnd(syn) && !exact; m++) exact = wn.nameIs(wn.memberNameId(m), token);
    if (!exact) continue;
    found = true;
    const lex = wn.lexFile(syn);
    if (lex === LEX_PERSON) kinds |= NAME_PERSON;
    else if (lex === LEX_LOCATION) kinds |= NAME_PLACE;
    else if (lex === LEX_GROUP) kinds |= NAME_ORGANIZATION;
    for (let m = wn.memberStart(syn); m < wn.memberEnd(syn); m++) {
      const name = wn.memberNameId(m);
      if (!aliases.includes(name)) aliases.push(name);
    }
  }
  if (!found) return undefined;
  return { kinds, aliases, isAlias: (nameId) => aliases.includes(nameId) };
}

const PRONOUNS = new Set(
  'i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they them their theirs themselves'.split(' '),
);

const NEGATORS = new Set(["not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "nowhere", "non", "ne'er", "n't"]);

/** A Map, not an object: looking arbitrary tokens up as property names would intern every one of them. */
const SMALL = new Map<string, number>(
  Object.entries({
    zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
    eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
    nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
    hundred: 100, thousand: 1000, million: 1e6, billion: 1e9, trillion: 1e12, dozen: 12,
  }),
);
const NUMERAL = /^\d[\d,]*(\.\d+)?$/;

/** The value a token states as a number ("85", "1,000", "ten"), else undefined. */
export function numberValue(lower: string): number | undefined {
  const c = lower.charCodeAt(0);
  if (c >= 48 && c <= 57) return NUMERAL.test(lower) ? Number(lower.replace(/,/g, '')) : undefined;
  return SMALL.get(lower);
}
