import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { embeddedCorpus } from '../../harness/build/corpus.js';
import { loadWordNet, type WordNet } from '../../core/wordnet/index.js';
import { NamePool, TableLexicon, WordNetLexicon } from './naive-lexicon.js';
import { loadNaiveTable } from './naive-table.js';

/**
 * The precomputed table must answer exactly as WordNet does: the generator
 * reads the table, the fidelity to the observed spinner was established on
 * WordNet's own lookups (NLTK's rules, morphy, self exclusion).
 */
let wn: WordNet;
let fromWordNet: WordNetLexicon;
let fromTable: TableLexicon;

beforeAll(async () => {
  wn = await loadWordNet();
  fromWordNet = new WordNetLexicon(wn, 'uniform');
  fromTable = new TableLexicon(loadNaiveTable());
});

function candidates(lexicon: WordNetLexicon | TableLexicon, token: string): number[] {
  const pool = new NamePool();
  lexicon.candidates(token, pool);
  return [...pool.ids.subarray(0, pool.length)];
}

function expectSameAnswers(token: string): void {
  const expected = candidates(fromWordNet, token);
  expect(candidates(fromTable, token), token).toEqual(expected);
  // Name facts are asked of capitalized tokens only (fact-type.ts FactClass.Capitalized).
  if (!/^\p{Lu}/u.test(token)) return;
  const a = fromWordNet.exactName(token);
  const b = fromTable.exactName(token);
  expect(b?.kinds, token).toBe(a?.kinds);
  for (const name of expected) expect(b?.isAlias(name), `${token} -> ${wn.name(name)}`).toBe(a?.isAlias(name));
}

describe('TableLexicon', () => {
  it('gives the WordNet lexicon\'s candidates and name facts for every token of the embedded corpus', () => {
    const tokens = new Set<string>();
    for (const doc of embeddedCorpus()) for (const t of doc.text.split(/\s+/)) if (t) tokens.add(t);
    expect(tokens.size).toBeGreaterThan(20_000);
    for (const token of tokens) expectSameAnswers(token);
  });

  it('answers forms only further morphy rounds reach, as NLTK does ("ramblings" -> ramble, "bess" -> be)', () => {
    for (const token of ['ramblings', 'blunderings', 'bess', 'Bess', 'dogss', 'glassess', 'Lester', 'mises', 'tass', 'runningss']) {
      expectSameAnswers(token);
    }
    expect(candidates(fromTable, 'ramblings').map((n) => wn.name(n))).toContain('wander');
  });

  it('excludes the token itself only when spelled exactly like its lemma ("a" loses "a", "A" keeps it)', () => {
    const names = (token: string) => candidates(fromTable, token).map((n) => wn.name(n));
    expect(names('a')).not.toContain('a');
    expect(names('a')).toContain('A');
    expect(names('A')).toContain('a');
    expect(names('A')).not.toContain('A');
  });

  it('agrees with WordNet on inflected, capitalized and punctuated variants of lemmas (property)', () => {
    const lemmas = ['run', 'city', 'glass', 'box', 'man', 'fly', 'go', 'good', 'wolf', 'church', 'be', 'U.S.', 'o\'clock', 'New_York', 'atomic_number_2'];
    const suffixes = ['', 's', 'es', 'ies', 'ed', 'ing', 'er', 'est', 'men', 'ves', "'s", ',', '.'];
    const token = fc
      .tuple(fc.constantFrom(...lemmas), fc.array(fc.constantFrom(...suffixes), { maxLength: 3 }), fc.constantFrom('lower', 'upper', 'title'))
      .map(([lemma, tail, casing]) => {
        const t = lemma + tail.join('');
        return casing === 'upper' ? t.toUpperCase() : casing === 'title' ? t[0].toUpperCase() + t.slice(1) : t;
      });
    fc.assert(fc.property(token, (t) => expectSameAnswers(t)), { numRuns: 300 });
  });

  it('finds nothing for tokens no lemma can match (digits with letters, foreign punctuation, empty-looking)', () => {
    for (const token of ['“considering', '1960s', 'talks,', '(AP)', '—', 'Ω', 'İstanbul']) expectSameAnswers(token);
    expect(candidates(fromTable, 'talks,')).toEqual([]);
  });
});
