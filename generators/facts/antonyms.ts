import type { WordList } from '../../core/tokenize.js';
import type { WordNet } from '../../core/wordnet/index.js';
import type { FactLexicon } from './lexicon.js';
import { Rule, type MentionList } from './mention-list.js';

/**
 * Antonyms of adjectives and verbs from WordNet's antonym pointers
 * ("encouraging" -> "discouraging", "increase" -> "decrease").
 * The part of speech comes from compromise's lexicon (a verb form is only
 * tried as a verb); lowercase words only, so names and sentence-initial
 * capitals are never touched. An adjective must stand where an adjective
 * stands (after "is" or "very", or before a word that is not a preposition:
 * "the sixth round of talks" keeps its "round"). WordNet gives base forms: an adjective must be
 * its own base form ("fewer" is skipped, its lemma is "few"); a verb keeps
 * its regular ending ("increased" -> "decreased", "increases" ->
 * "decreases"), irregular forms are skipped. Single-word antonyms only.
 */
const WORD = /^\p{Ll}[\p{Ll}]{2,}$/u;
const SKIP = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'do', 'does', 'did', 'not', 'like', 'near', 'past', 'up', 'down', 'out', 'off', 'over', 'under', 'well']);
// After these an adjective is predicative or graded ("is encouraging", "very important").
const ADJECTIVE_CUES = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'very', 'more', 'most', 'so', 'too', 'less', 'least', 'quite', 'rather', 'fairly', 'seem', 'seems', 'seemed', 'become', 'became', 'remain', 'remains', 'remained']);
// Before a bare or -s verb form that could be a noun: a subject or an auxiliary ("to include", "he finds").
const VERB_CUES = new Set(['to', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', 'shall', 'not', 'do', 'does', 'did', 'i', 'we', 'you', 'they', 'he', 'she', 'it', 'who', 'that', 'which', 'never']);
// Before these the word is rather a noun ("the sixth round of talks", "another round in Mexico").
const NOT_BEFORE_ADJECTIVE = new Set(['of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'and', 'or', 'but', 'as', 'that', 'than', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'would']);

export class AntonymFinder {
  private readonly cache = new Map<string, Readings | null>();
  constructor(
    private readonly wordnet: WordNet,
    private readonly lexicon: FactLexicon,
  ) {}

  recognize(words: WordList, out: MentionList): void {
    const count = words.length;
    let previous: string | undefined;
    let text = count > 0 ? words.word(0) : '';
    for (let i = 0; i < count; i++) {
      const next = i + 1 < count ? words.word(i + 1) : undefined;
      const found = WORD.test(text) ? this.lookup(text) : undefined;
      if (found !== undefined) {
        const reading = this.choose(found, text, previous, next);
        if (reading !== undefined) out.add(words.start(i), words.end(i), 'antonym', reading === 'adjective' ? Rule.antonymAdjective : Rule.antonymVerb);
      }
      previous = text;
      text = next ?? '';
    }
  }

  /** The one option of an antonym mention, from its text and rule. */
  options(text: string, rule: Rule): string[] {
    const found = this.lookup(text)!;
    return [rule === Rule.antonymAdjective ? found.adjective! : found.verb!];
  }

  /**
   * The first antonym of one lowercase word as an adjective and as a verb
   * (WordNet lists the most frequent sense first); memoized, since news
   * text repeats its words.
   */
  lookup(word: string): Readings | undefined {
    let found = this.cache.get(word);
    if (found === undefined) {
      found = SKIP.has(word) ? null : this.compute(word);
      if (this.cache.size < 50_000) this.cache.set(word, found);
    }
    return found ?? undefined;
  }

  /**
   * Picks the reading the context supports: an adjective after a copula or
   * a degree word ("is encouraging"); a verb for an -ing/-ed form
   * otherwise ("moving forward"); an adjective before a word that is not a
   * preposition ("real headway", not "the sixth round of talks").
   */
  private choose(found: Readings, text: string, previousText: string | undefined, nextText: string | undefined): 'adjective' | 'verb' | undefined {
    const previous = previousText?.toLowerCase();
    if (found.adjective !== undefined && previous !== undefined && ADJECTIVE_CUES.has(previous)) return 'adjective';
    const verbCued = !found.verbNeedsCue || (previous !== undefined && VERB_CUES.has(previous));
    if (found.verb !== undefined && verbCued && (found.adjective === undefined || /(?:ing|ed)$/.test(text))) return 'verb';
    const attributive = nextText !== undefined && /^\p{L}/u.test(nextText) && !NOT_BEFORE_ADJECTIVE.has(nextText.toLowerCase());
    return attributive && found.adjective !== undefined ? 'adjective' : undefined;
  }

  private compute(word: string): Readings | null {
    const { adjectives, verbs, common } = this.lexicon;
    const readings: Readings = {};
    if ((adjectives.has(word) || !common.has(word)) && this.wordnet.morphy(word, 'a').includes(word)) {
      readings.adjective = singleWords(this.wordnet.antonyms(word, 'a'))[0];
    }
    if (verbs.has(word) || /(?:ing|ed|s)$/.test(word)) {
      for (const base of this.wordnet.morphy(word, 'v')) {
        const ending = inflectionOf(word, base);
        if (ending === undefined) continue;
        const antonym = singleWords(this.wordnet.antonyms(base, 'v'))[0];
        // A final consonant that English doubles ("stop" -> "stopping") is beyond the regular rule: skip.
        if (antonym === undefined || (ending !== '' && ending !== 's' && /[^aeiou][aeiou][bdgklmnprtv]$/.test(antonym))) continue;
        readings.verb = inflect(antonym, ending);
        // "issues", "plans", "round": a bare or -s form that is also a noun needs a subject or an auxiliary before it.
        readings.verbNeedsCue = (ending === '' || ending === 's') && this.wordnet.morphy(word, 'n').length > 0;
        break;
      }
    }
    return readings.adjective === undefined && readings.verb === undefined ? null : readings;
  }
}

interface Readings {
  adjective?: string;
  verb?: string;
  verbNeedsCue?: boolean;
}

type Ending = '' | 's' | 'ed' | 'ing';

/** Which regular ending turns `base` into `word`, if any. */
function inflectionOf(word: string, base: string): Ending | undefined {
  if (word === base) return '';
  for (const ending of ['s', 'ed', 'ing'] as const) if (inflect(base, ending) === word) return ending;
  return undefined;
}

/** Regular English verb endings (no doubling of consonants: "stop" -> "stoped" never matches a real word, so it is skipped). */
function inflect(base: string, ending: Ending): string {
  if (ending === '') return base;
  if (ending === 's') return /(?:s|x|z|sh|ch)$/.test(base) ? `${base}es` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : `${base}s`;
  if (ending === 'ed') return base.endsWith('e') ? `${base}d` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ied` : `${base}ed`;
  return /[^e]e$/.test(base) ? `${base.slice(0, -1)}ing` : `${base}ing`;
}

function singleWords(names: readonly string[]): string[] {
  return names.filter((n) => /^[a-z]+$/.test(n));
}
