import { defineGenerator, type Params } from '../core/types.js';
import { usageError } from '../core/errors.js';
import { loadWordNet, type WordNet } from '../core/wordnet/index.js';
import { NaiveCandidates } from './spin/naive.js';
import { TableLexicon, WordNetLexicon, type NaiveWeighting } from './spin/naive-lexicon.js';
import { loadNaiveTable, type NaiveTable } from './spin/naive-table.js';
import type { CarefulSpinner } from './spin/careful.js';

/**
 * WordNet synonym spinning.
 *
 * `mode=naive` (default) reproduces the spinner observed in
 * ../shared/observed/synonym-spin.txt (fingerprint in DESIGN.md, checked by
 * generators/synonym-spin.fidelity.test.ts): whitespace tokens, any lemma of
 * any synset, WordNet spelling, no re-inflection, no stopwords.
 *
 * `mode=careful` is what a better spinner does (generators/spin/careful.ts):
 * POS-aware, frequent senses, re-inflected, case matched, stopwords and
 * named entities kept.
 *
 * In both modes the unit is an eligible token (one with at least one
 * candidate); the tokens replaced at a lower intensity are a subset of those
 * at a higher one, and each keeps its replacement, because the choice draws
 * are made per eligible token, apart from the selection draws.
 */
type Mode = 'naive' | 'careful';

let wordnet: WordNet | undefined;
/** The naive spinner's precomputed candidates (uniform weighting): a spin-only process never opens the WordNet index. */
let table: NaiveTable | undefined;
const naiveByWeighting = new Map<NaiveWeighting, NaiveCandidates>();
let careful: CarefulSpinner | undefined;

export default defineGenerator({
  name: 'synonym-spin',
  description: 'Replaces words with WordNet lemmas: naive (the observed spinner: any sense, any POS, no re-inflection) or careful (--param mode=careful).',
  family: 'observed',
  unit: 'eligible word tokens (tokens with at least one WordNet candidate)',
  defaultIntensity: 0.41,
  params: {
    mode: 'naive (default; the observed spinner) or careful (POS-aware, frequent sense, re-inflected)',
    weighting: 'naive: uniform (default; each distinct lemma name equally likely) or senses (each synset-lemma pair equally likely)',
    sense: 'careful: frequency (default; senses weighted by SemCor tag counts) or first (first sense only)',
  },
  // Prepare with the params generate will get: naive spin with uniform weighting opens only the
  // precomputed table; weighting=senses and mode=careful open WordNet itself.
  async prepare(params) {
    if (readMode(params) === 'naive') {
      if (readWeighting(params) === 'uniform') table ??= loadNaiveTable();
      else wordnet ??= await loadWordNet();
      return;
    }
    wordnet ??= await loadWordNet();
    if (careful === undefined) {
      const { createCarefulSpinner } = await import('./spin/careful.js');
      careful = await createCarefulSpinner(wordnet);
    }
  },
  generate(text, options) {
    if (readMode(options.params) === 'careful') {
      if (careful === undefined) throw notPrepared();
      return careful.generate(text, options, readSense(options.params));
    }
    return naiveSpinner(readWeighting(options.params)).spin(text, options);
  },
});

function naiveSpinner(weighting: NaiveWeighting): NaiveCandidates {
  let spinner = naiveByWeighting.get(weighting);
  if (spinner === undefined) {
    if (weighting === 'uniform') {
      if (table === undefined) throw notPrepared();
      spinner = new NaiveCandidates(new TableLexicon(table));
    } else {
      if (wordnet === undefined) throw notPrepared();
      spinner = new NaiveCandidates(new WordNetLexicon(wordnet, weighting));
    }
    naiveByWeighting.set(weighting, spinner);
  }
  return spinner;
}

function notPrepared(): Error {
  return new Error('synonym-spin: call prepare() with these params before generate()');
}

function readMode(params: Params | undefined): Mode {
  const mode = params?.mode ?? 'naive';
  if (mode !== 'naive' && mode !== 'careful') throw usageError(`synonym-spin: mode must be naive or careful, got "${String(mode)}"`);
  return mode;
}

function readWeighting(params: Params | undefined): NaiveWeighting {
  const w = params?.weighting ?? 'uniform';
  if (w !== 'uniform' && w !== 'senses') throw usageError(`synonym-spin: weighting must be uniform or senses, got "${String(w)}"`);
  return w;
}

function readSense(params: Params | undefined): 'frequency' | 'first' {
  const s = params?.sense ?? 'frequency';
  if (s !== 'frequency' && s !== 'first') throw usageError(`synonym-spin: sense must be frequency or first, got "${String(s)}"`);
  return s;
}
