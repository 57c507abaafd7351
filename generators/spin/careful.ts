import type { GenerateOptions, GenerateResult } from '../../core/types.js';
import type { WordNet } from '../../core/wordnet/index.js';
import { CodePointIndex } from '../../core/text.js';
import { applyReplacements, realizedShare, type Replacement } from '../../core/edits.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { drawUniforms, selectNested } from '../../core/select.js';
import { createInflector, type Inflector, type WordForm } from './inflect.js';

/** How careful mode picks a sense: SemCor-frequency weighted, or always the first (most frequent) one. */
export type SenseChoice = 'frequency' | 'first';

export interface CarefulSpinner {
  generate(text: string, options: GenerateOptions, sense: SenseChoice): GenerateResult;
}

/** The slice of compromise's term objects this module reads. */
interface Term {
  text: string;
  tags: Set<string>;
  implicit?: string;
  offset: { start: number; length: number };
}
interface Nlp {
  (text: string): { compute(method: string): unknown; docs: Term[][] };
}

/**
 * What a careful spinner does, the way TextAttack's WordSwapWordNet with a
 * POS constraint or a commercial "readable" spinner does it:
 * - tags the text with compromise and only touches nouns, verbs, adjectives
 *   and adverbs, looked up in WordNet under that POS only;
 * - keeps stopwords, pronouns, auxiliaries, numbers, dates and named
 *   entities (proper nouns, acronyms, capitalized words mid-sentence),
 *   hyphenated compounds and contractions;
 * - takes the sense SemCor tagged most (frequency-weighted or first sense)
 *   and, within it, a lemma weighted by its own tag count; never a proper
 *   name for a common word;
 * - re-inflects the lemma to the token's form (plural, past, gerund, third
 *   person, comparative) and matches its case.
 * The unit is a content word with at least one candidate.
 */
export async function createCarefulSpinner(wn: WordNet): Promise<CarefulSpinner> {
  const nlp = (await import('compromise')).default as unknown as Nlp;
  const inflector = createInflector(nlp as never);
  const choices = new CandidateTable(wn);
  return {
    generate(text, { intensity, seed }, sense) {
      const index = new CodePointIndex(text);
      const units: Array<{ start: number; end: number; token: string; form: WordForm; options: Choices }> = [];
      const doc = nlp(text);
      doc.compute('offset');
      for (const sentence of doc.docs) {
        sentence.forEach((term, i) => {
          const target = contentWord(term, i, sentence);
          if (target === undefined) return;
          const options = choices.get(term.text.toLowerCase(), target.pos, sense);
          if (options.names.length === 0) return;
          const start = index.toCodePoint(term.offset.start);
          const end = index.toCodePoint(term.offset.start + term.offset.length);
          if (index.slice(start, end) !== term.text) return; // compromise normalised the span; leave it
          units.push({ start, end, token: term.text, form: target.form, options });
        });
      }
      const mask = selectNested(units.length, intensity, createRng(seed));
      const draws = drawUniforms(units.length, createRng(deriveSeed(seed, 'synonym-choice')));
      const replacements: Replacement[] = [];
      units.forEach((u, k) => {
        if (!mask[k]) return;
        const name = u.options.pick(draws[k]);
        const after = matchCase(u.token, inflector.inflect(wn.name(name).replace(/_/g, ' '), u.options.pos, u.form));
        if (after !== u.token) replacements.push({ start: u.start, end: u.end, after, kind: 'synonym' });
      });
      const { text: out, edits } = applyReplacements(text, replacements, index);
      return { text: out, edits, requestedIntensity: intensity, realizedIntensity: realizedShare(replacements.length, units.length), eligible: units.length };
    },
  };
}

/** NLTK's English stopword list: function words a careful spinner never swaps. */
const STOPWORDS = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having do does did doing a an the and but if or because as until while of at by for with about against between into through during before after above below to from up down in out on off over under again further then once here there when where why how all any both each few more most other some such no nor not only own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn also may might must shall would could`.split(
    /\s+/,
  ),
);

/** Tags that mark a token as a name, number, function word or part of a contraction: kept. */
const KEEP_TAGS = ['ProperNoun', 'Person', 'Place', 'Organization', 'Acronym', 'Value', 'Date', 'Pronoun', 'Determiner', 'Preposition', 'Conjunction', 'Auxiliary', 'Copula', 'Modal', 'QuestionWord', 'Possessive', 'Negative', 'Hyphenated', 'Abbreviation', 'Url', 'Email', 'HashTag', 'AtMention', 'Emoji', 'Emoticon', 'Expression'];

function contentWord(term: Term, i: number, sentence: Term[]): { pos: number; form: WordForm } | undefined {
  const text = term.text;
  if (text === '' || term.implicit !== undefined || sentence[i + 1]?.implicit !== undefined) return undefined;
  if (!/^[A-Za-z]+$/.test(text)) return undefined;
  if (STOPWORDS.has(text.toLowerCase())) return undefined;
  if (KEEP_TAGS.some((t) => term.tags.has(t))) return undefined;
  // Capitalized mid-sentence: a name compromise did not recognise.
  if (i > 0 && /[A-Z]/.test(text)) return undefined;
  if (text.length > 1 && text === text.toUpperCase()) return undefined;
  const tags = term.tags;
  if (tags.has('Noun')) return { pos: 0, form: tags.has('Plural') ? 'plural' : 'base' };
  if (tags.has('Verb')) {
    if (tags.has('Gerund')) return { pos: 1, form: 'gerund' };
    if (tags.has('Participle')) return { pos: 1, form: 'participle' };
    if (tags.has('PastTense')) return { pos: 1, form: 'past' };
    if (tags.has('PresentTense') && !tags.has('Infinitive') && /[^s]s$/.test(text)) return { pos: 1, form: 'third' };
    return { pos: 1, form: 'base' };
  }
  if (tags.has('Adjective')) return { pos: 2, form: tags.has('Comparative') ? 'comparative' : tags.has('Superlative') ? 'superlative' : 'base' };
  if (tags.has('Adverb')) return { pos: 3, form: 'base' };
  return undefined;
}

/** Capitalizes like the token: "Big" -> "Large", "BIG" -> "LARGE", else as WordNet spells it. */
function matchCase(token: string, replacement: string): string {
  if (token.length > 1 && token === token.toUpperCase()) return replacement.toUpperCase();
  if (/^[A-Z]/.test(token)) return replacement[0].toUpperCase() + replacement.slice(1);
  return replacement;
}

/** Weighted candidates of one (word, POS, sense rule); `pick(u)` maps a uniform draw to a name id. */
export interface Choices {
  readonly pos: number;
  readonly names: readonly number[];
  pick(u: number): number;
}

/**
 * Candidates per (lowercase form, POS, sense rule), memoized. The form's
 * first morphy base is its lemma (NLTK's wn.morphy). A sense is weighted by
 * its SemCor tag count (untagged senses only when no sense is tagged, then
 * the first); a lemma within it by 1 + its own tag count.
 */
class CandidateTable {
  private readonly memo = new Map<string, Choices>();

  constructor(private readonly wn: WordNet) {}

  get(form: string, pos: number, sense: SenseChoice): Choices {
    const key = `${pos}${sense}|${form}`;
    let found = this.memo.get(key);
    if (found === undefined) {
      found = this.compute(form, pos, sense);
      if (this.memo.size > 200_000) this.memo.clear();
      this.memo.set(key, found);
    }
    return found;
  }

  private compute(form: string, pos: number, sense: SenseChoice): Choices {
    const wn = this.wn;
    const names: number[] = [];
    const weights: number[] = [];
    const lemma = wn.morphyKeys(form, pos)[0];
    if (lemma !== undefined) {
      const { synsets, tagCounts } = wn.senses(lemma, pos);
      const usable = (syn: number) => {
        const out: Array<[name: number, weight: number]> = [];
        for (let m = wn.memberStart(syn); m < wn.memberEnd(syn); m++) {
          const key = wn.memberKeyId(m);
          const text = wn.name(wn.memberNameId(m));
          if (key === lemma || /[A-Z0-9]/.test(text)) continue; // itself, or a name / code
          out.push([wn.memberNameId(m), 1 + wn.memberTagCount(m)]);
        }
        return out;
      };
      const anyTagged = tagCounts.some((c) => c > 0);
      for (let s = 0; s < synsets.length; s++) {
        const tagged = tagCounts[s] > 0;
        if (sense === 'frequency' ? anyTagged && !tagged : false) continue;
        const members = usable(synsets[s]);
        if (members.length === 0) continue;
        const senseWeight = sense === 'frequency' && anyTagged ? tagCounts[s] : 1;
        const total = members.reduce((a, [, w]) => a + w, 0);
        for (const [name, w] of members) {
          const at = names.indexOf(name);
          if (at >= 0) weights[at] += (senseWeight * w) / total;
          else {
            names.push(name);
            weights.push((senseWeight * w) / total);
          }
        }
        // First sense (or, untagged, the first sense that has another lemma) only.
        if (sense === 'first' || !anyTagged) break;
      }
    }
    const cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (cumulative[i] = sum += w));
    return {
      pos,
      names,
      pick(u) {
        const x = u * sum;
        let i = 0;
        while (i < cumulative.length - 1 && cumulative[i] <= x) i++;
        return names[i];
      },
    };
  }
}
