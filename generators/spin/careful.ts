import type { GenerateOptions, GenerateResult } from '../../core/types.js';
import type { WordNet } from '../../core/wordnet/index.js';
import { CodePointIndex } from '../../core/text.js';
import { EditWriter, realizedShare } from '../../core/edits.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { drawUniforms, selectNested } from '../../core/select.js';
import { createInflector } from './inflect.js';
import { loadBrownLexicon } from './brown-lexicon.js';
import { createContentWordFinder, type ContentWord } from './careful-tagger.js';

/** How careful mode picks a sense: SemCor-frequency weighted, or always the first (most frequent) one. */
export type SenseChoice = 'frequency' | 'first';

export interface CarefulSpinner {
  generate(text: string, options: GenerateOptions, sense: SenseChoice): GenerateResult;
}

/** The slice of compromise's API this module uses: a document's terms and their tags. */
interface Nlp {
  (text: string): { docs: Array<Array<{ tags: Set<string> }>> };
}

/**
 * What a careful spinner does, the way TextAttack's WordSwapWordNet with a
 * POS constraint or a commercial "readable" spinner does it:
 * - reads each word's part of speech (careful-tagger.ts: most frequent Brown
 *   tag, compromise for words Brown lacks) and only touches nouns, verbs,
 *   adjectives and adverbs, looked up in WordNet under that POS only;
 * - keeps stopwords, pronouns, auxiliaries, numbers and named entities
 *   (proper nouns, acronyms, capitalized words mid-sentence), hyphenated
 *   compounds and contractions;
 * - takes the sense SemCor tagged most (frequency-weighted or first sense)
 *   and, within it, a lemma weighted by its own tag count; never a proper
 *   name for a common word;
 * - re-inflects the lemma to the token's form (plural, past, gerund, third
 *   person, comparative) with compromise, and matches its case.
 * The unit is a content word with at least one candidate.
 */
export async function createCarefulSpinner(wn: WordNet): Promise<CarefulSpinner> {
  const nlp = (await import('compromise')).default as unknown as Nlp;
  const inflector = createInflector(nlp as never);
  const contentWords = createContentWordFinder(loadBrownLexicon(), (word) => nlp(word).docs[0]?.[0]?.tags);
  const choices = new CandidateTable(wn);
  return {
    generate(text, { intensity, seed }, sense) {
      const index = new CodePointIndex(text);
      const units: Array<{ word: ContentWord; options: Choices }> = [];
      for (const word of contentWords(text, index)) {
        const options = choices.get(word.token.toLowerCase(), word.pos, sense);
        if (options.names.length > 0) units.push({ word, options });
      }
      const mask = selectNested(units.length, intensity, createRng(seed));
      const draws = drawUniforms(units.length, createRng(deriveSeed(seed, 'synonym-choice')));
      const writer = new EditWriter(index);
      let replaced = 0;
      units.forEach(({ word, options }, k) => {
        if (!mask[k]) return;
        const name = options.pick(draws[k]);
        const after = matchCase(word.token, inflector.inflect(wn.name(name).replace(/_/g, ' '), options.pos, word.form));
        if (after === word.token) return;
        writer.replace(word.start, word.end, after, 'synonym');
        replaced++;
      });
      const { text: out, edits } = writer.finish();
      return { text: out, edits, requestedIntensity: intensity, realizedIntensity: realizedShare(replaced, units.length), eligible: units.length };
    },
  };
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
  /** One memo per (POS, sense rule), keyed by form: no key string to build per lookup. */
  private readonly memos = Array.from({ length: 8 }, () => new Map<string, Choices>());

  constructor(private readonly wn: WordNet) {}

  get(form: string, pos: number, sense: SenseChoice): Choices {
    const memo = this.memos[pos * 2 + (sense === 'first' ? 1 : 0)];
    let found = memo.get(form);
    if (found === undefined) {
      found = this.compute(form, pos, sense);
      if (memo.size > 100_000) memo.clear();
      memo.set(form, found);
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
