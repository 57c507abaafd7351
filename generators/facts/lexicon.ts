import nlp from 'compromise/two';

/**
 * compromise's word lists (names, places, organizations, titles, number
 * words), read once from its lexicon. We use compromise's data rather than
 * its tagger: tagging runs at about 6,500 words/s on these machines, far
 * below the 100,000 words/s every generator must reach, while a lookup in
 * the same lexicon costs next to nothing. The recognisers in this folder
 * add the context rules (capitalization, titles, sentence starts).
 */
export type EntityClass = 'person' | 'firstName' | 'lastName' | 'place' | 'organization';

interface CompromiseWorld {
  model: {
    one: { lexicon: Record<string, string | string[]> };
    two: { orgWords: Record<string, boolean>; placeWords: Record<string, boolean> };
  };
}

const TAG_CLASS: Record<string, EntityClass> = {
  Person: 'person',
  MaleName: 'firstName',
  FemaleName: 'firstName',
  FirstName: 'firstName',
  LastName: 'lastName',
  Country: 'place',
  City: 'place',
  Region: 'place',
  Place: 'place',
  Organization: 'organization',
  SportsTeam: 'organization',
};

/** Tags of words that are ordinary vocabulary, not names (a capital at a sentence start proves nothing). */
const COMMON_TAGS = new Set([
  'Adjective', 'Adverb', 'Conjunction', 'Copula', 'Determiner', 'Expression', 'Gerund', 'Infinitive', 'Modal',
  'Negative', 'Noun', 'PastTense', 'Plural', 'Preposition', 'PresentTense', 'Pronoun', 'QuestionWord',
  'Singular', 'Uncountable', 'Verb', 'PhrasalVerb', 'Participle', 'Comparative', 'Superlative', 'Actor',
  'Possessive', 'Reflexive', 'Demonym', 'Condition', 'TextValue', 'Cardinal', 'Ordinal', 'Month', 'WeekDay',
]);

/** Titles that announce a person: "President Donald Trump", "Rep. Lighthizer". */
const EXTRA_TITLES = [
  'president', 'senator', 'governor', 'mayor', 'judge', 'secretary', 'minister', 'chairman', 'chairwoman',
  'king', 'queen', 'prince', 'princess', 'pope', 'father', 'sister', 'brother', 'coach', 'chancellor',
  'ambassador', 'representative', 'rep', 'sen', 'gov', 'gen', 'col', 'lt', 'capt', 'sgt', 'dr', 'mr', 'mrs',
  'ms', 'miss', 'prof', 'rev', 'sir', 'dame', 'lord', 'lady', 'justice', 'commissioner', 'sheriff',
  'superintendent', 'councilman', 'councilwoman', 'premier', 'vice',
];

export interface FactLexicon {
  /** Lowercased word or phrase -> entity class, from compromise's lexicon. */
  entities: ReadonlyMap<string, EntityClass>;
  /** Lowercased words that are ordinary vocabulary. */
  common: ReadonlySet<string>;
  titles: ReadonlySet<string>;
  /** Head words of organization names ("University", "Bank", "Corp"). */
  orgWords: ReadonlySet<string>;
  /** Head words of place names ("River", "County", "Street"). */
  placeWords: ReadonlySet<string>;
  /** Lowercased words compromise knows as adjectives or verbs (to pick an antonym's part of speech). */
  adjectives: ReadonlySet<string>;
  verbs: ReadonlySet<string>;
  /** Longest entity phrase, in words. */
  maxPhraseWords: number;
}

let cached: FactLexicon | undefined;

/** The lexicon, built on first use (about 100 ms, once per process). */
export function factLexicon(): FactLexicon {
  if (cached) return cached;
  const world = nlp.world() as unknown as CompromiseWorld;
  const entities = new Map<string, EntityClass>();
  const common = new Set<string>();
  const adjectives = new Set<string>();
  const verbs = new Set<string>();
  const titles = new Set<string>(EXTRA_TITLES);
  let maxPhraseWords = 1;
  for (const [word, raw] of Object.entries(world.model.one.lexicon)) {
    const tags = Array.isArray(raw) ? raw : [raw];
    for (const tag of tags) {
      const cls = TAG_CLASS[tag];
      // A word that is both a place and a surname ("Washington") keeps the first class compromise lists.
      if (cls !== undefined && !entities.has(word)) entities.set(word, cls);
      if (COMMON_TAGS.has(tag)) common.add(word);
      if (tag === 'Honorific') titles.add(word);
      if (tag === 'Adjective') adjectives.add(word);
      if (tag === 'Infinitive' || tag === 'PresentTense' || tag === 'PastTense' || tag === 'Gerund' || tag === 'Participle') verbs.add(word);
    }
    if (entities.has(word)) maxPhraseWords = Math.max(maxPhraseWords, word.split(' ').length);
  }
  cached = {
    entities,
    common,
    titles,
    orgWords: new Set(Object.keys(world.model.two.orgWords)),
    placeWords: new Set(Object.keys(world.model.two.placeWords)),
    adjectives,
    verbs,
    maxPhraseWords,
  };
  return cached;
}
