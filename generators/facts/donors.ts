import type { CorpusView } from '../../core/types.js';
import { WordList } from '../../core/tokenize.js';
import { recognizeEntities, type EntityMention, type EntityType } from './entities.js';

/**
 * Where a swapped entity comes from: another entity of the same kind in
 * the same document first (FactCC), else one from the corpus, else (no
 * corpus, as on the CLI) a small built-in list.
 */
export interface Donor {
  key: string;
  /** The longest form the text used ("Robert Lighthizer"). */
  full: string;
  /** Its last word ("Lighthizer"), for a mention by surname. */
  last: string;
  /** Named with "the" before it ("the United States", "the World Bank"). */
  the: boolean;
}

export type DonorPools = ReadonlyMap<EntityType, readonly Donor[]>;

const BUILT_IN: Record<EntityType, string[]> = {
  person: ['Maria Lopez', 'James Chen', 'Sarah Mitchell', 'David Okafor', 'Anna Novak', 'Robert Hughes', 'Linda Park', 'Michael Brennan'],
  place: ['Canada', 'Mexico', 'Germany', 'Japan', 'Brazil', 'Texas', 'Chicago', 'London', 'Ohio', 'Toronto'],
  organization: ['Reuters', 'NATO', 'Microsoft', 'Harvard University', 'World Bank', 'General Motors'],
};

/** What a donor pool reads of a mention. */
export type DonorSource = Pick<EntityMention, 'type' | 'key' | 'text' | 'articleStart'>;

/** Distinct entities of a list of mentions, by kind, first seen first. */
export function donorsOf(mentions: Iterable<DonorSource>): Map<EntityType, Donor[]> {
  const pools = new Map<EntityType, Map<string, Donor>>();
  for (const m of mentions) {
    let pool = pools.get(m.type);
    if (!pool) pools.set(m.type, (pool = new Map()));
    const form = quiet(m.text);
    const words = form.split(/\s+/);
    const known = pool.get(m.key);
    if (!known) pool.set(m.key, { key: m.key, full: form, last: words[words.length - 1], the: m.articleStart !== undefined });
    else {
      if (words.length > known.full.split(/\s+/).length) known.full = form;
      if (m.articleStart !== undefined) known.the = true;
    }
  }
  return new Map([...pools].map(([type, pool]) => [type, [...pool.values()]]));
}

/** A dateline in capitals ("MONTREAL") donates its ordinary form ("Montreal"); acronyms stay. */
function quiet(form: string): string {
  if (form.length < 6 || form !== form.toUpperCase() || /\./.test(form)) return form;
  return form.toLowerCase().replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
}

export const builtInDonors: DonorPools = new Map(
  (Object.keys(BUILT_IN) as EntityType[]).map((type) => [
    type,
    BUILT_IN[type].map((full) => {
      const words = full.split(' ');
      return { key: (type === 'person' ? words[words.length - 1] : full).toLowerCase(), full, last: words[words.length - 1], the: full === 'World Bank' };
    }),
  ]),
);

const CORPUS_POOL_SIZE = 200;
const CORPUS_SCAN_LIMIT = 2_000;
const corpusPools = new WeakMap<CorpusView, DonorPools>();

/**
 * Entities of a corpus, by kind: the documents are read in order until
 * every kind has CORPUS_POOL_SIZE distinct entities (or CORPUS_SCAN_LIMIT
 * documents were read), once per corpus object.
 */
export function corpusDonors(corpus: CorpusView): DonorPools {
  let pools = corpusPools.get(corpus);
  if (pools) return pools;
  const mentions: EntityMention[] = [];
  const counts = new Map<EntityType, Set<string>>();
  const docs = corpus.documents;
  for (let d = 0; d < docs.length && d < CORPUS_SCAN_LIMIT; d++) {
    for (const m of recognizeEntities(new WordList(docs[d].text))) {
      const seen = counts.get(m.type) ?? new Set<string>();
      counts.set(m.type, seen);
      if (seen.size < CORPUS_POOL_SIZE || seen.has(m.key)) {
        seen.add(m.key);
        mentions.push(m);
      }
    }
    if (counts.size === 3 && [...counts.values()].every((s) => s.size >= CORPUS_POOL_SIZE)) break;
  }
  pools = donorsOf(mentions);
  corpusPools.set(corpus, pools);
  return pools;
}
