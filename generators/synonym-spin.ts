import { defineGenerator, type GenerateOptions, type GenerateResult, type Params } from '../core/types.js';
import { usageError } from '../core/errors.js';
import { loadWordNet, type WordNet } from '../core/wordnet/index.js';
import { NaiveCandidates, type NaiveWeighting } from './spin/naive.js';
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
const naiveByWeighting = new Map<NaiveWeighting, NaiveCandidates>();
let careful: CarefulSpinner | undefined;

export default defineGenerator({
  name: 'synonym-spin',
  description: 'Replaces words with WordNet lemmas: naive (as observed: any sense, any POS, no re-inflection) or careful.',
  family: 'observed',
  unit: 'eligible word tokens (tokens with at least one WordNet candidate)',
  defaultIntensity: 0.41,
  params: {
    mode: 'naive (default; the observed spinner) or careful (POS-aware, frequent sense, re-inflected)',
    weighting: 'naive: uniform (default; each distinct lemma name equally likely) or senses (each synset-lemma pair equally likely)',
    sense: 'careful: frequency (default; senses weighted by SemCor tag counts) or first (first sense only)',
  },
  async prepare(params) {
    wordnet ??= await loadWordNet();
    if (readMode(params) === 'careful' && careful === undefined) {
      const { createCarefulSpinner } = await import('./spin/careful.js');
      careful = await createCarefulSpinner(wordnet);
    }
  },
  generate(text, options) {
    const mode = readMode(options.params);
    if (wordnet === undefined || (mode === 'careful' && careful === undefined)) {
      throw new Error('synonym-spin: call prepare() with these params before generate()');
    }
    if (mode === 'careful') return careful!.generate(text, options, readSense(options.params));
    return generateNaive(wordnet, text, options);
  },
});

function generateNaive(wn: WordNet, text: string, options: GenerateOptions): GenerateResult {
  const weighting = readWeighting(options.params);
  let candidates = naiveByWeighting.get(weighting);
  if (candidates === undefined) {
    candidates = new NaiveCandidates(wn, weighting);
    naiveByWeighting.set(weighting, candidates);
  }
  return candidates.spin(text, options);
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
