import type { WordList } from '../../core/tokenize.js';
import { factLexicon, type FactLexicon } from './lexicon.js';
import type { FactMention } from './mention.js';
import { U32 } from './mention-list.js';

/**
 * Named entities (person, place, organization) from capitalized word runs,
 * classified with compromise's lexicon plus a few context rules:
 * - a run is a maximal sequence of capitalized words separated by spaces
 *   (a name may hold "of", "van", "de": "Bank of America");
 * - leading titles are cut off and mark a person ("President Donald Trump");
 * - at a sentence start, an ordinary word ("Still", "The") is not a name;
 * - the lexicon knows first names, surnames, countries, cities, regions,
 *   organizations; head words ("University", "County") classify the rest;
 * - a run nothing vouches for is kept only if the same document names it
 *   elsewhere with a known class ("Lighthizer" after "Robert Lighthizer").
 * Possessives stay outside the span: "Mexico" in "Mexico's".
 */
export type EntityType = 'person' | 'place' | 'organization';

const CAPITALIZED = /^\p{Lu}/u;
const ACRONYM_WITH_DOTS = /^(?:\p{Lu}\.)+\p{Lu}$/u;
const ALL_CAPS = /^\p{Lu}{2,6}$/u;
const POSSESSIVE = /['’]s$/u;
const CONNECTORS = new Set(['of', 'van', 'von', 'de', 'da', 'di', 'del']);
const SENTENCE_END = new Set(['.', '!', '?']);
const OPENERS = new Set(['"', '“', '‘', "'", '(', '[', '—', '-', '–']);
const DATE_WORDS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);

/** Names of one entity under several forms; the value is the identity key. */
const ALIASES: Record<string, string> = {
  us: 'united states', usa: 'united states', 'united states': 'united states', america: 'united states',
  'united states of america': 'united states', uk: 'united kingdom', 'united kingdom': 'united kingdom',
  britain: 'united kingdom', 'great britain': 'united kingdom', un: 'united nations', 'united nations': 'united nations',
  eu: 'european union', 'european union': 'european union', ussr: 'soviet union', 'soviet union': 'soviet union',
};

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** "Mexico's" (the possessive is cut off) or "U.S.": the name cannot go on past it. */
  endsName?: boolean;
}

interface Run {
  words: Word[];
  /** Where a "the" right before the name starts ("the United States"). */
  articleStart?: number;
  atSentenceStart: boolean;
  afterTitle: boolean;
  closed?: boolean;
}

/** An entity mention; its options are filled by the swapper, which knows the donors. */
export interface EntityMention extends FactMention {
  type: EntityType;
  key: string;
  /** Start of the "the" before a place or organization name, if any: a swap may need to drop or add it. */
  articleStart?: number;
}

/** Finds person, place and organization mentions in one text. */
export function recognizeEntities(words: WordList, lexicon: FactLexicon = factLexicon()): EntityMention[] {
  const mentions: EntityMention[] = [];
  const index = words.index;
  scanEntities(words, lexicon, (start, end, type, key, articleStart) => {
    const mention: EntityMention = { start, end, text: index.slice(start, end), type, key, options: [] };
    if (articleStart !== undefined) mention.articleStart = articleStart;
    mentions.push(mention);
  });
  return mentions;
}

/** Receives one entity mention: its span (code points), kind, identity key and where a "the" before it starts. */
export type EntitySink = (start: number, end: number, type: EntityType, key: string, articleStart: number | undefined) => void;

const TYPE_CODE: Record<EntityType, number> = { person: 1, place: 2, organization: 3 };
const TYPE_OF: Array<EntityType | undefined> = [undefined, 'person', 'place', 'organization'];

/**
 * {@link recognizeEntities} without the objects: each mention goes to
 * `emit`, in text order. A run is classified when it closes and kept as a
 * few numbers and two shared strings until the whole text has been read
 * (a run nothing vouched for may be named again later with a known class).
 */
export function scanEntities(words: WordList, lexicon: FactLexicon, emit: EntitySink): void {
  const starts = new U32();
  const ends = new U32();
  const types = new U32();
  /** articleStart + 1, or 0. */
  const articles = new U32();
  const keys: string[] = [];
  /** The run's last word in lower case, kept only where the class is unknown. */
  const lasts: Array<string | undefined> = [];
  const interned = new Map<string, string>();
  const intern = (s: string): string => {
    const k = interned.get(s);
    if (k !== undefined) return k;
    interned.set(s, s);
    return s;
  };
  let titlePending = false;
  collectRuns(words, lexicon, (run) => {
    let runWords = run.words;
    let titled = run.afterTitle && titlePending;
    titlePending = false;
    while (runWords.length > 0 && lexicon.titles.has(stripDot(runWords[0].lower))) {
      runWords = runWords.slice(1);
      titled = true;
    }
    if (runWords.length === 0) {
      // "Trade Rep." before "Robert Lighthizer": the title governs the next run.
      titlePending = true;
      return;
    }
    if (lexicon.titles.has(stripDot(runWords[runWords.length - 1].lower)) && !titled) {
      titlePending = true;
      return;
    }
    if (run.atSentenceStart && runWords === run.words && isOrdinaryWord(runWords[0].lower, lexicon)) runWords = runWords.slice(1);
    if (runWords.length === 0) return;
    const type = classify(runWords, titled, lexicon);
    const articleStart = runWords[0] === run.words[0] ? run.articleStart : undefined;
    starts.push(runWords[0].start);
    ends.push(runWords[runWords.length - 1].end);
    types.push(type === undefined ? 0 : TYPE_CODE[type]);
    articles.push(articleStart === undefined ? 0 : articleStart + 1);
    keys.push(intern(identityKey(runWords, type)));
    lasts.push(type === undefined ? intern(runWords[runWords.length - 1].lower) : undefined);
  });
  // Runs nothing vouched for take the class of a known mention they name again.
  const known = new Map<string, EntityType>();
  const n = starts.length;
  for (let i = 0; i < n; i++) {
    const type = TYPE_OF[types.data[i]];
    if (type === undefined) continue;
    // A person's key is the last word of the name, so a later mention by surname finds it too.
    known.set(keys[i], type);
  }
  for (let i = 0; i < n; i++) {
    let type = TYPE_OF[types.data[i]];
    let key = keys[i];
    if (type === undefined) {
      const last = lasts[i]!;
      type = known.get(key) ?? (known.get(last) === 'person' ? 'person' : undefined);
      if (type === undefined) continue;
      if (type === 'person') key = last;
    }
    const article = articles.data[i];
    emit(starts.data[i], ends.data[i], type, key, article !== 0 && type !== 'person' ? article - 1 : undefined);
  }
}

function collectRuns(words: WordList, lexicon: FactLexicon, onRun: (run: Run) => void): void {
  let current: Run | undefined;
  let atStart = true;
  let afterTitle = false;
  const close = () => {
    if (current) {
      // A trailing connector is not part of the name ("Bank of" + lowercase word).
      while (current.words.length > 0 && CONNECTORS.has(current.words[current.words.length - 1].text)) current.words.pop();
      if (current.words.length > 0) onRun(current);
    }
    current = undefined;
  };
  const count = words.length;
  let text = count > 0 ? words.word(0) : '';
  for (let i = 0; i < count; i++) {
    // `text` is token i's (read once a token: a WordList slices it anew each time).
    const nextText = i + 1 < count ? words.word(i + 1) : undefined;
    const gap = words.gapBefore(i);
    if (gap !== ' ' && gap.includes('\n')) {
      close();
      atStart = true;
    }
    const word = nameWord(words, i, text, nextText);
    if (word !== undefined && !DATE_WORDS.has(word.lower) && word.text !== 'I') {
      if (current && gap !== '' && (gap === ' ' || !/\S/.test(gap)) && !current.closed) {
        current.words.push(word);
      } else {
        close();
        current = { words: [word], atSentenceStart: atStart, afterTitle };
        if (i > 0 && gap === ' ') {
          const previous = words.word(i - 1);
          if (previous === 'the' || previous === 'The') current.articleStart = words.start(i - 1);
        }
      }
      if (word.end > words.end(i)) {
        // the dot of "U.S." was consumed
        i++;
        text = i + 1 < count ? words.word(i + 1) : '';
      } else text = nextText ?? '';
      if (word.endsName) current.closed = true;
      atStart = false;
      afterTitle = false;
      continue;
    }
    if (current && CONNECTORS.has(text) && gap === ' ' && isCapitalizedNext(words, i, nextText)) {
      current.words.push({ text, lower: text, start: words.start(i), end: words.end(i) });
      text = nextText ?? '';
      continue;
    }
    close();
    if (text === '.' && i > 0 && lexicon.titles.has(words.word(i - 1).toLowerCase())) {
      afterTitle = true;
      text = nextText ?? '';
      continue;
    }
    afterTitle = false;
    if (SENTENCE_END.has(text)) atStart = true;
    else if (!OPENERS.has(text)) atStart = false;
    text = nextText ?? '';
  }
  close();
}

/** Token i (whose text is `text`) as a name word, or undefined. Joins the dot of "U.S." and drops a possessive. */
function nameWord(words: WordList, i: number, text: string, next: string | undefined): Word | undefined {
  if (!CAPITALIZED.test(text) || /[\d\-]/.test(text)) return undefined;
  const start = words.start(i);
  const end = words.end(i);
  if (ACRONYM_WITH_DOTS.test(text)) {
    const withDot = next === '.' && words.startU16(i + 1) === words.endU16(i);
    const full = withDot ? `${text}.` : text;
    return { text: full, lower: full.toLowerCase(), start, end: end + (withDot ? 1 : 0), endsName: true };
  }
  if (POSSESSIVE.test(text)) {
    const core = text.slice(0, -2);
    return { text: core, lower: core.toLowerCase(), start, end: end - 2, endsName: true };
  }
  if (/['’]/.test(text)) return undefined;
  return { text, lower: text.toLowerCase(), start, end };
}

function isCapitalizedNext(words: WordList, i: number, next: string | undefined): boolean {
  return next !== undefined && CAPITALIZED.test(next) && words.gapBefore(i + 1) === ' ';
}

function isOrdinaryWord(lower: string, lexicon: FactLexicon): boolean {
  return lexicon.common.has(lower) && !lexicon.entities.has(lower);
}

function stripDot(word: string): string {
  return word.endsWith('.') ? word.slice(0, -1) : word;
}

function classify(words: readonly Word[], titled: boolean, lexicon: FactLexicon): EntityType | undefined {
  const lowers = words.map((w) => w.lower);
  const phrase = lowers.join(' ');
  const bare = phrase.replace(/\./g, '');
  // "US" is a country, "us" a pronoun: the alias table only applies to capitals.
  if (ALIASES[bare] !== undefined) return 'place';
  const whole = lexicon.entities.get(phrase);
  if (whole !== undefined) return whole === 'firstName' || whole === 'lastName' ? 'person' : whole;
  const ofAt = lowers.indexOf('of');
  const head = ofAt > 0 ? lowers[ofAt - 1] : lowers[lowers.length - 1];
  if (words.length >= 2 || ofAt > 0) {
    if (lexicon.orgWords.has(head)) return 'organization';
    if (lexicon.placeWords.has(head)) return 'place';
  }
  if (titled) return 'person';
  const firstClass = lexicon.entities.get(lowers[0]);
  if (words.length >= 2 && words.length <= 4 && firstClass === 'firstName') return 'person';
  if (words.length >= 2 && words.length <= 4 && lexicon.entities.get(lowers[lowers.length - 1]) === 'lastName') return 'person';
  if (words.length === 1) {
    const cls = lexicon.entities.get(lowers[0]);
    if (cls === 'firstName' || cls === 'lastName' || cls === 'person') return 'person';
    if (cls !== undefined) return cls;
    if (ALL_CAPS.test(words[0].text) && !lexicon.common.has(lowers[0])) return 'organization';
  }
  return undefined;
}

function identityKey(words: readonly Word[], type: EntityType | undefined): string {
  if (type === 'person') return words[words.length - 1].lower;
  const bare = words.map((w) => w.lower).join(' ').replace(/\./g, '');
  return ALIASES[bare] ?? bare;
}
