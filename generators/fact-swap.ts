import { defineGenerator, type CorpusView, type Params } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import { EditWriter, realizedShare, withLazyEdits } from '../core/edits.js';
import { createRng, deriveSeed } from '../core/rng.js';
import { drawUniforms, selectNested } from '../core/select.js';
import { usageError } from '../core/errors.js';
import { loadWordNet } from '../core/wordnet/index.js';
import { builtInDonors, corpusDonors, donorsOf, type DonorPools, type DonorSource } from './facts/donors.js';
import type { EntityType } from './facts/entities.js';
import { FACT_KINDS, type FactKind } from './facts/mention.js';
import { MentionList, Rule, U32 } from './facts/mention-list.js';
import { factOptions, scanFacts } from './facts/recognize.js';

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
    const { mentions, kept } = scanFacts(text, kinds, index);
    const entities = new EntityOptions(mentions, kept, corpus, index);
    // Options are made again where needed rather than kept: a long text has a million mentions.
    const optionsOf = (id: number): { start: number; options: readonly string[] } =>
      mentions.rule(id) === Rule.entity ? entities.of(id) : { start: mentions.start(id), options: factOptions(index.slice(mentions.start(id), mentions.end(id)), mentions.rule(id)) };
    const eligible = new U32();
    for (const id of kept) if ((mentions.rule(id) === Rule.entity ? entities.count(id) : optionsOf(id).options.length) > 0) eligible.push(id);
    const n = eligible.length;
    // Which mentions are swapped and what each becomes come from two streams,
    // both drawn for every eligible mention: the choices nest across intensities.
    const mask = selectNested(n, intensity, createRng(seed));
    const choice = drawUniforms(n, createRng(deriveSeed(seed, 'fact-swap choice')));
    const chosen = new U32();
    const starts = new U32();
    const afters: string[] = [];
    let sorted = true;
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      const id = eligible.data[i];
      const { start, options } = optionsOf(id);
      // An article taken into a span moves its start back: it should never reach the swap before, but order is not assumed.
      if (chosen.length > 0 && start < mentions.end(chosen.data[chosen.length - 1])) sorted = false;
      chosen.push(id);
      starts.push(start);
      afters.push(options[Math.floor(choice[i] * options.length)]);
    }
    const replaced = chosen.length;
    const writer = new EditWriter(index);
    const order = Array.from({ length: replaced }, (_, j) => j);
    if (!sorted) order.sort((a, b) => starts.data[a] - starts.data[b] || mentions.end(chosen.data[a]) - mentions.end(chosen.data[b]));
    for (const j of order) writer.replace(starts.data[j], mentions.end(chosen.data[j]), afters[j], 'fact-swap', mentions.kind(chosen.data[j]));
    const notes: string[] = [];
    if (n === 0) notes.push(`no eligible fact in this text (kinds: ${[...kinds].join(', ')})`);
    if (entities.fallback.size > 0) notes.push(`no corpus given: ${[...entities.fallback].join(', ')} donors came from a built-in list`);
    return withLazyEdits(
      {
        text: writer.output(),
        edits: [],
        requestedIntensity: intensity,
        realizedIntensity: realizedShare(replaced, n),
        eligible: n,
        ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
      },
      () => writer.edits(),
    );
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
 * The possible replacements of entity mentions: the other entities of its
 * kind in the same text, else the corpus's, else the built-in list. A
 * person named by one word gets surnames, by several words full names.
 * Mentions with the same name, key and article have the same options, so
 * their count is worked out once; the list itself is made when a mention
 * is swapped. `fallback`: the kinds that fell back to the built-in list.
 */
class EntityOptions {
  readonly fallback = new Set<EntityType>();
  private readonly local: DonorPools;
  private wider: DonorPools | undefined;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly mentions: MentionList,
    kept: Uint32Array,
    private readonly corpus: CorpusView | undefined,
    private readonly index: CodePointIndex,
  ) {
    const ids = kept.filter((id) => mentions.rule(id) === Rule.entity);
    this.local = ids.length === 0 ? new Map() : donorsOf(this.sources(ids));
  }

  /** How many options mention `id` has. */
  count(id: number): number {
    const signature = this.signature(id);
    let n = this.counts.get(signature);
    if (n === undefined) this.counts.set(signature, (n = this.of(id).options.length));
    return n;
  }

  /**
   * The options of mention `id`, and where its span starts: "the United
   * States" -> "Mexico", "Mexico" -> "the United States": the span takes in
   * the article, and the option says whether one is wanted.
   */
  of(id: number): { start: number; options: string[] } {
    const { mentions, index } = this;
    const type = mentions.kind(id) as EntityType;
    const key = mentions.key(id)!;
    let start = mentions.start(id);
    let text = index.slice(start, mentions.end(id));
    let donors = (this.local.get(type) ?? []).filter((d) => d.key !== key);
    if (donors.length === 0) {
      this.wider ??= this.corpus ? corpusDonors(this.corpus) : builtInDonors;
      donors = (this.wider.get(type) ?? []).filter((d) => d.key !== key);
      if (!this.corpus) this.fallback.add(type);
    }
    const single = !/\s/.test(text);
    const shout = text.length >= 6 && text === text.toUpperCase() && text !== text.toLowerCase();
    const articleStart = mentions.articleStart(id);
    const hasArticle = articleStart !== undefined;
    let article = '';
    if (articleStart !== undefined && donors.some((d) => !d.the)) {
      article = articleStart === start ? '' : index.slice(articleStart, start);
      start = articleStart;
      text = article + text;
    }
    const options = new Set<string>();
    for (const d of donors) {
      let form = type === 'person' && single ? d.last : d.full;
      if (shout) form = form.toUpperCase();
      if (d.the && !hasArticle) form = `the ${form}`;
      else if (d.the) form = article + form;
      if (form !== text) options.add(form);
    }
    return { start, options: [...options] };
  }

  /** What a mention's options depend on. */
  private signature(id: number): string {
    const { mentions, index } = this;
    const start = mentions.start(id);
    const articleStart = mentions.articleStart(id);
    const article = articleStart === undefined ? '' : `\u0001${index.slice(articleStart, start)}`;
    return `${mentions.kind(id)}\u0000${mentions.key(id)}\u0000${index.slice(start, mentions.end(id))}${article}`;
  }

  private *sources(ids: Uint32Array): Iterable<DonorSource> {
    const { mentions, index } = this;
    for (const id of ids) {
      yield { type: mentions.kind(id) as EntityType, key: mentions.key(id)!, text: index.slice(mentions.start(id), mentions.end(id)), articleStart: mentions.articleStart(id) };
    }
  }
}
