import type { Token } from '../../core/tokenize.js';
import type { CodePointIndex } from '../../core/text.js';
import { factLexicon, type FactLexicon } from './lexicon.js';
import type { FactMention } from './mention.js';

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
export function recognizeEntities(tokens: readonly Token[], index: CodePointIndex, lexicon: FactLexicon = factLexicon()): EntityMention[] {
  const runs = collectRuns(tokens, index, lexicon);
  const found: Array<{ run: Word[]; type: EntityType | undefined; key: string; articleStart?: number }> = [];
  let titlePending = false;
  for (const run of runs) {
    let words = run.words;
    let titled = run.afterTitle && titlePending;
    titlePending = false;
    while (words.length > 0 && lexicon.titles.has(stripDot(words[0].lower))) {
      words = words.slice(1);
      titled = true;
    }
    if (words.length === 0) {
      // "Trade Rep." before "Robert Lighthizer": the title governs the next run.
      titlePending = true;
      continue;
    }
    if (lexicon.titles.has(stripDot(words[words.length - 1].lower)) && !titled) {
      titlePending = true;
      continue;
    }
    if (run.atSentenceStart && words === run.words && isOrdinaryWord(words[0].lower, lexicon)) words = words.slice(1);
    if (words.length === 0) continue;
    const type = classify(words, titled, lexicon);
    found.push({ run: words, type, key: identityKey(words, type), articleStart: words[0] === run.words[0] ? run.articleStart : undefined });
  }
  // Runs nothing vouched for take the class of a known mention they name again.
  const known = new Map<string, EntityType>();
  for (const f of found) {
    if (f.type === undefined) continue;
    known.set(f.key, f.type);
    if (f.type === 'person') known.set(f.run[f.run.length - 1].lower, 'person');
  }
  const mentions: EntityMention[] = [];
  for (const f of found) {
    let type = f.type;
    let key = f.key;
    if (type === undefined) {
      const last = f.run[f.run.length - 1].lower;
      type = known.get(key) ?? (known.get(last) === 'person' ? 'person' : undefined);
      if (type === undefined) continue;
      if (type === 'person') key = last;
    }
    const first = f.run[0];
    const last = f.run[f.run.length - 1];
    const mention: EntityMention = { start: first.start, end: last.end, text: index.slice(first.start, last.end), type, key, options: [] };
    if (f.articleStart !== undefined && type !== 'person') mention.articleStart = f.articleStart;
    mentions.push(mention);
  }
  return mentions;
}

function collectRuns(tokens: readonly Token[], index: CodePointIndex, lexicon: FactLexicon): Run[] {
  const runs: Run[] = [];
  let current: Run | undefined;
  let atStart = true;
  let afterTitle = false;
  const close = () => {
    if (current) {
      // A trailing connector is not part of the name ("Bank of" + lowercase word).
      while (current.words.length > 0 && CONNECTORS.has(current.words[current.words.length - 1].text)) current.words.pop();
      if (current.words.length > 0) runs.push(current);
    }
    current = undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    // Token gaps are short; slicing them only where a token follows a gap keeps garbage low.
    const gapStart = i === 0 ? token.start : tokens[i - 1].end;
    const gap = gapStart === token.start ? '' : index.slice(gapStart, token.start);
    if (gap !== ' ' && gap.includes('\n')) {
      close();
      atStart = true;
    }
    const word = nameWord(token, tokens[i + 1]);
    if (word !== undefined && !DATE_WORDS.has(word.lower) && word.text !== 'I') {
      if (current && gap !== '' && (gap === ' ' || !/\S/.test(gap)) && !current.closed) {
        current.words.push(word);
      } else {
        close();
        current = { words: [word], atSentenceStart: atStart, afterTitle };
        const previous = tokens[i - 1];
        if (previous !== undefined && (previous.text === 'the' || previous.text === 'The') && gap === ' ') current.articleStart = previous.start;
      }
      if (word.end > token.end) i++; // the dot of "U.S." was consumed
      if (word.endsName) current.closed = true;
      atStart = false;
      afterTitle = false;
      continue;
    }
    if (current && CONNECTORS.has(token.text) && gap === ' ' && isCapitalizedNext(tokens, i, index)) {
      current.words.push({ text: token.text, lower: token.text, start: token.start, end: token.end });
      continue;
    }
    close();
    if (token.text === '.' && i > 0 && lexicon.titles.has(tokens[i - 1].text.toLowerCase())) {
      afterTitle = true;
      continue;
    }
    afterTitle = false;
    if (SENTENCE_END.has(token.text)) atStart = true;
    else if (!OPENERS.has(token.text)) atStart = false;
  }
  close();
  return runs;
}

/** A capitalized token as a name word, or undefined. Joins the dot of "U.S." and drops a possessive. */
function nameWord(token: Token, next: Token | undefined): Word | undefined {
  const text = token.text;
  if (!CAPITALIZED.test(text) || /[\d\-]/.test(text)) return undefined;
  if (ACRONYM_WITH_DOTS.test(text)) {
    const withDot = next !== undefined && next.text === '.' && next.start === token.end;
    const full = withDot ? `${text}.` : text;
    return { text: full, lower: full.toLowerCase(), start: token.start, end: token.end + (withDot ? 1 : 0), endsName: true };
  }
  if (POSSESSIVE.test(text)) {
    const core = text.slice(0, -2);
    return { text: core, lower: core.toLowerCase(), start: token.start, end: token.end - 2, endsName: true };
  }
  if (/['’]/.test(text)) return undefined;
  return { text, lower: text.toLowerCase(), start: token.start, end: token.end };
}

function isCapitalizedNext(tokens: readonly Token[], i: number, index: CodePointIndex): boolean {
  const next = tokens[i + 1];
  return next !== undefined && CAPITALIZED.test(next.text) && index.slice(tokens[i].end, next.start) === ' ';
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
