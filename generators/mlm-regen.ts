import { defineGenerator, type Params } from '../core/types.js';
import { usageError, GauntletError } from '../core/errors.js';
import { realizedShare } from '../core/edits.js';
import { PRESS_CATEGORIES } from '../core/brown.js';
import { defaultCategories, loadNgramModel } from './mlm/ngram-cache.js';
import type { NgramModel } from './mlm/ngram-model.js';
import { NgramFiller, type MaskFiller } from './mlm/filler.js';
import { factTypeOf } from './mlm/facts.js';
import { PieceChooser } from './mlm/wordpiece.js';
import { regenerate, type RegenOptions } from './mlm/regen.js';

/**
 * Masked-LM regeneration as observed in ../shared/observed/mlm-regen-light.txt
 * (an uncased BERT rewrite of original.txt): lowercased, punctuation split
 * off, single spaces, one token out per token in, about 16% of the words
 * regenerated (entities, numbers and polarity too), WordPiece debris
 * ("mustimport", "##ness"). Checked by generators/mlm-regen.test.ts.
 *
 * What counts as an edit: only regenerated tokens. The normalisation
 * (case, spacing) touches every token of the text, so logging it would
 * drown the span task in edits nobody would call tampering; instead every
 * edit's sourceSpan covers the original token in the source and its
 * outputSpan the new token in the output, and the result's note says the
 * rest is normalised. A fill equal to the source token is not an edit and
 * is never drawn (the original is excluded from sampling), so the realized
 * share is the masked share: with the default stratified draws it is
 * within 1/n of the requested intensity (n = word tokens).
 */

const PARAMS = {
  order: "fill order: 'all' (every mask from the unmasked context at once) or 'ltr' (left to right, each fill seen by the next); default all",
  topK: 'sample among the k best candidates; default 20',
  temperature: 'sampling temperature (lower = more predictable fills); default 0.8',
  affinity: 'score factor for a candidate of the same word class (Brown tags: noun, proper noun, verb, number...) as the replaced word, 1 = off; default 100',
  wordpiece: 'share of masked tokens that come out as a WordPiece continuation piece; default 0.035 (2 of the 58 observed)',
  glue: "share of WordPiece pieces glued to the previous word ('mustimport') rather than left free ('##ness'); default 0.5",
  draws: "masking uniforms: 'stratified' (realized share within 1/n of the intensity) or 'iid' (binomial count); default stratified",
  corpus: "n-gram training text: 'brown' (every Brown category but 'learned', about 1M tokens) or 'press' (news, editorial, reviews); default brown",
  model: 'PATH of a local uncased BERT masked LM in ONNX form (model.onnx + vocab.txt): the neural backend instead of the n-gram one',
} as const;

interface Settings {
  regen: Omit<RegenOptions, 'intensity' | 'seed'>;
  categories: string[];
  model?: string;
}

/** brownCatalog() reads the corpus's catalogue file: once per process, not once per call. */
let defaultCategoriesMemo: string[] | undefined;
const defaults = (): readonly string[] => (defaultCategoriesMemo ??= defaultCategories());

function parseSettings(params: Params | undefined): Settings {
  const p = params ?? {};
  for (const key of Object.keys(p)) if (!(key in PARAMS)) throw usageError(`mlm-regen: unknown parameter "${key}" (known: ${Object.keys(PARAMS).join(', ')})`);
  const choice = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = p[key];
    if (v === undefined) return fallback;
    if (!allowed.includes(String(v) as T)) throw usageError(`mlm-regen: ${key} must be one of ${allowed.join(', ')}, got "${String(v)}"`);
    return String(v) as T;
  };
  const number = (key: string, fallback: number, min: number, max: number): number => {
    const v = p[key];
    if (v === undefined) return fallback;
    const x = typeof v === 'number' ? v : Number.NaN;
    if (!Number.isFinite(x) || x < min || x > max) throw usageError(`mlm-regen: ${key} must be a number in [${min}, ${max}], got "${String(v)}"`);
    return x;
  };
  const topK = number('topK', 20, 1, 256);
  if (!Number.isInteger(topK)) throw usageError(`mlm-regen: topK must be an integer, got "${topK}"`);
  const corpus = choice('corpus', ['brown', 'press'] as const, 'brown');
  const model = p.model;
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) throw usageError('mlm-regen: model must be a path to a model directory');
  return {
    regen: {
      order: choice('order', ['all', 'ltr'] as const, 'all'),
      draws: choice('draws', ['stratified', 'iid'] as const, 'stratified'),
      sampling: { topK, temperature: number('temperature', 0.8, 0.01, 100), classAffinity: number('affinity', 100, 1, 1e6) },
      wordpieceRate: number('wordpiece', 0.035, 0, 1),
      glueRate: number('glue', 0.5, 0, 1),
    },
    categories: corpus === 'press' ? [...PRESS_CATEGORIES] : [...defaults()],
    model: model as string | undefined,
  };
}

const ngrams = new Map<string, NgramModel>();
const neural = new Map<string, MaskFiller>();
const choosers = new Map<NgramModel, PieceChooser>();

const key = (categories: readonly string[]) => [...categories].sort().join('+');

export default defineGenerator({
  name: 'mlm-regen',
  description: 'Masked-LM regeneration as observed: lowercased BERT tokens, words refilled by a bidirectional n-gram LM (or a local ONNX BERT, --param model=DIR), WordPiece debris.',
  family: 'observed',
  unit: 'word tokens (letters or digits) of the BERT-style token sequence',
  defaultIntensity: 0.16,
  params: PARAMS,
  async prepare(params) {
    const settings = parseSettings(params);
    const k = key(settings.categories);
    if (!ngrams.has(k)) ngrams.set(k, await loadNgramModel(settings.categories));
    const model = ngrams.get(k)!;
    if (!choosers.has(model)) choosers.set(model, new PieceChooser(model.meta.pieces, model.completions()));
    if (settings.model !== undefined && !neural.has(settings.model)) {
      const { loadOnnxFiller } = await import('./mlm/onnx-filler.js');
      neural.set(settings.model, await loadOnnxFiller(settings.model));
    }
  },
  generate(text, { intensity, seed, params }) {
    const settings = parseSettings(params);
    const model = ngrams.get(key(settings.categories));
    const filler = settings.model === undefined ? model && new NgramFiller(model) : neural.get(settings.model);
    if (!model || !filler) throw new GauntletError('RUNTIME', 'mlm-regen: prepare() must run before generate() (the language model is not loaded)');
    const lexicon = model.meta.lexicon;
    const pieces = choosers.get(model)!;
    const result = regenerate(
      text,
      { ...settings.regen, intensity, seed },
      {
        filler,
        piece: (previous, u, exclude) => pieces.pick(previous === undefined ? -1 : model.id(previous), u, exclude),
        factTypeOf: (tokens, i) =>
          factTypeOf(tokens, i, {
            lexicon,
            capitalizedShare: (word) => {
              const id = model.id(word);
              return id < 0 ? -1 : model.capitalizedShare(id);
            },
          }),
      },
    );
    const regenerated = result.edits.filter((e) => e.kind !== 'normalize').length;
    return {
      text: result.text,
      edits: result.edits,
      requestedIntensity: intensity,
      realizedIntensity: realizedShare(regenerated, result.eligible),
      eligible: result.eligible,
      note: `${filler.name} backend; the whole text is normalised (lowercased, punctuation split off, single spaces), logged as 'normalize' edits beside the ${regenerated} regenerated tokens`,
    };
  },
});
