import { defineGenerator, type CorpusView, type Params } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import { applyReplacements, realizedShare, type Replacement } from '../core/edits.js';
import { createRng, deriveSeed } from '../core/rng.js';
import { drawUniforms, selectNested } from '../core/select.js';
import { usageError } from '../core/errors.js';
import { loadWordNet } from '../core/wordnet/index.js';
import { builtInDonors, corpusDonors, donorsOf, type DonorPools } from './facts/donors.js';
import type { EntityMention, EntityType } from './facts/entities.js';
import { FACT_KINDS, type FactKind, type FactMention } from './facts/mention.js';
import { recognizeFacts } from './facts/recognize.js';

/**
 * FactCC-style fact swaps (Kryscinski et al., 2020, "Evaluating the Factual
 * Consistency of Abstractive Text Summarization"): entity, number, date and
 * pronoun swaps drawn from the same document first, negation of
 * auxiliaries, antonyms. The observed masked-LM regeneration made the same
 * kind of change by accident (robert -> john, mexico -> canada, 24 -> 50,
 * some -> no); this generator makes it on purpose, with each swap logged as
 * an Edit carrying its factType, so the consistency task has ground truth.
 *
 * A unit is one fact mention of the selected kinds. The text outside the
 * swapped spans is the source, byte for byte.
 */
const ENTITY_KINDS: ReadonlySet<FactKind> = new Set(['person', 'place', 'organization']);

export default defineGenerator({
  name: 'fact-swap',
  description: 'Swaps facts FactCC-style (names, places, organizations, numbers, dates, pronouns, negation, antonyms); --param kinds=person,number,...',
  family: 'fact',
  unit: 'fact mentions',
  defaultIntensity: 0.3,
  params: {
    kinds: `comma-separated fact kinds to swap, from ${FACT_KINDS.join(', ')}; "entity" = person,place,organization (default: all)`,
  },
  async prepare(params?: Params) {
    const kinds = parseKinds(params?.kinds);
    if (kinds.has('antonym') || kinds.has('negation')) await loadWordNet();
  },
  generate(text, { intensity, seed, params, corpus }) {
    const kinds = parseKinds(params?.kinds);
    const index = new CodePointIndex(text);
    const mentions = recognizeFacts(text, kinds, index);
    const fallback = fillEntityOptions(mentions, corpus, index);
    const eligible = mentions.filter((m) => m.options.length > 0);
    // Which mentions are swapped and what each becomes come from two streams,
    // both drawn for every eligible mention: the choices nest across intensities.
    const mask = selectNested(eligible.length, intensity, createRng(seed));
    const choice = drawUniforms(eligible.length, createRng(deriveSeed(seed, 'fact-swap choice')));
    const replacements: Replacement[] = [];
    eligible.forEach((m, i) => {
      if (mask[i]) replacements.push({ start: m.start, end: m.end, after: m.options[Math.floor(choice[i] * m.options.length)], kind: 'fact-swap', factType: m.type });
    });
    const { text: out, edits } = applyReplacements(text, replacements, index);
    const notes: string[] = [];
    if (eligible.length === 0) notes.push(`no eligible fact in this text (kinds: ${[...kinds].join(', ')})`);
    if (fallback.size > 0) notes.push(`no corpus given: ${[...fallback].join(', ')} donors came from a built-in list`);
    return {
      text: out,
      edits,
      requestedIntensity: intensity,
      realizedIntensity: realizedShare(replacements.length, eligible.length),
      eligible: eligible.length,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    };
  },
});

/** Parses `kinds=person,number,...`; unknown kinds are a usage error. */
export function parseKinds(raw: unknown): Set<FactKind> {
  if (raw === undefined || raw === '' || raw === 'all') return new Set(FACT_KINDS);
  const kinds = new Set<FactKind>();
  for (const part of String(raw).split(',')) {
    const name = part.trim();
    if (name === 'entity') ENTITY_KINDS.forEach((k) => kinds.add(k));
    else if ((FACT_KINDS as readonly string[]).includes(name)) kinds.add(name as FactKind);
    else throw usageError(`fact-swap: unknown kind "${name}" in kinds=${String(raw)} (known: ${FACT_KINDS.join(', ')}, entity, all)`);
  }
  return kinds;
}

/**
 * Gives each entity mention its possible replacements: the other entities
 * of its kind in the same text, else the corpus's, else the built-in list.
 * A person named by one word gets surnames, by several words full names.
 * Returns the kinds that fell back to the built-in list.
 */
function fillEntityOptions(mentions: FactMention[], corpus: CorpusView | undefined, index: CodePointIndex): Set<EntityType> {
  const entities = mentions.filter((m): m is EntityMention => ENTITY_KINDS.has(m.type));
  const fallback = new Set<EntityType>();
  if (entities.length === 0) return fallback;
  const local = donorsOf(entities);
  let wider: DonorPools | undefined;
  for (const m of entities) {
    let donors = (local.get(m.type) ?? []).filter((d) => d.key !== m.key);
    if (donors.length === 0) {
      wider ??= corpus ? corpusDonors(corpus) : builtInDonors;
      donors = (wider.get(m.type) ?? []).filter((d) => d.key !== m.key);
      if (!corpus) fallback.add(m.type);
    }
    const single = !/\s/.test(m.text);
    const shout = m.text.length >= 6 && m.text === m.text.toUpperCase() && m.text !== m.text.toLowerCase();
    // "the United States" -> "Mexico", "Mexico" -> "the United States": the span takes in the article, and the option says whether one is wanted.
    const hasArticle = m.articleStart !== undefined;
    let article = '';
    if (m.articleStart !== undefined && donors.some((d) => !d.the)) {
      article = m.articleStart === m.start ? '' : index.slice(m.articleStart, m.start);
      m.start = m.articleStart;
      m.text = article + m.text;
    }
    const options = new Set<string>();
    for (const d of donors) {
      let form = m.type === 'person' && single ? d.last : d.full;
      if (shout) form = form.toUpperCase();
      if (d.the && !hasArticle) form = `the ${form}`;
      else if (d.the) form = article + form;
      if (form !== m.text) options.add(form);
    }
    m.options = [...options];
  }
  return fallback;
}

