import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildWordNetIndex, loadWordNet, WordNet } from './index.js';
import { buildStringTable, StringTable } from './format.js';

const wn = await loadWordNet();

describe('WordNet lookup (NLTK wn.synsets semantics)', () => {
  it('finds the synsets of the base form through exceptions and suffix rules', () => {
    expect(wn.morphy('said', 'v')).toEqual(['say']);
    expect(wn.morphy('talks')).toEqual(['talks', 'talk']);
    expect(wn.morphy('are', 'v')).toEqual(['be']);
    expect(wn.lemmaNames('said')).toContain('say');
    expect(wn.lemmaNames('talks')).toContain('tattle');
    const sayIds = new Set(wn.synsetIds('say', 'v'));
    expect(wn.synsetIds('said', 'v').every((id) => sayIds.has(id))).toBe(true);
  });

  it('returns every POS in NLTK order, noun first, each in sense order', () => {
    const pos = wn.synsetsOf('trump').map((s) => s.pos);
    expect(pos.indexOf('v')).toBeGreaterThan(pos.lastIndexOf('n'));
    expect(wn.synsetsOf('dog')[0].lemmas).toEqual(['dog', 'domestic_dog', 'Canis_familiaris']);
    expect(wn.synsetsOf('dog', 'v').every((s) => s.pos === 'v')).toBe(true);
  });

  it('keeps WordNet spelling: casing and underscores', () => {
    expect(wn.lemmaNames('he')).toContain('atomic_number_2');
    expect(wn.lemmaNames('in')).toContain('Hoosier_State');
    expect(wn.lemmaNames('Robert')).toContain('Henry_Martyn_Robert');
  });

  it('looks a word up case-insensitively and without morphy in isLemma', () => {
    expect(wn.isLemma('U.S.')).toBe(true);
    expect(wn.isLemma('united states')).toBe(true);
    expect(wn.isLemma('talks,')).toBe(false);
    expect(wn.isLemma('said')).toBe(true); // an adjective ("the said document")
    expect(wn.isLemma('saying')).toBe(true);
    expect(wn.isLemma('sayings')).toBe(false);
    expect(wn.synsetsOf('talks,')).toEqual([]);
  });

  it('includes adjective satellites under the adjective POS', () => {
    expect(wn.synsetsOf('big', 'a').some((s) => s.pos === 's')).toBe(true);
  });

  it('reads antonyms from the lemma pointers of the word itself', () => {
    expect(wn.antonyms('good', 'a')).toContain('bad');
    expect(wn.antonyms('increase', 'v')).toContain('decrease');
    expect(wn.antonyms('slowly')).toContain('quickly');
    expect(wn.antonyms('dog')).toEqual([]);
  });

  it('has sense tag counts where SemCor tagged the sense, first sense most frequent', () => {
    const key = wn.keyId('say');
    const { synsets, tagCounts } = wn.senses(key, 1);
    expect(synsets.length).toBeGreaterThan(5);
    expect(tagCounts[0]).toBeGreaterThan(0);
    expect(tagCounts[0]).toBeGreaterThanOrEqual(tagCounts[tagCounts.length - 1]);
  });

  it('returns nothing, not an error, for non-words', () => {
    for (const w of ['', ' ', '----', 'zzzqqq', '\u{1F600}']) {
      expect(wn.synsetsOf(w)).toEqual([]);
      expect(wn.morphy(w)).toEqual([]);
    }
  });
});

describe('packed index', () => {
  it('skips lookups only where morphy could find nothing (a character no lemma has)', () => {
    const pieces = ['talk', 's', 'es', 'ing', 'ed', ',', '.', 'U', 'S', "'", '-', '(', ')', 'é', '—', '1960', 'Dog', 'geese', 'men', '"', '_'];
    const byMorphy = (word: string) => {
      const lower = word.toLowerCase();
      const out: number[] = [];
      for (let p = 0; p < 4; p++) for (const key of wn.morphyKeys(lower, p)) out.push(...wn.senses(key, p).synsets);
      return out;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 4 }), (parts) => {
        const word = parts.join('');
        expect(wn.synsetIds(word)).toEqual(byMorphy(word));
      }),
      { numRuns: 300 },
    );
    expect(wn.synsetIds('talks,')).toEqual([]);
    expect(wn.synsetIds('U.S.').length).toBeGreaterThan(0);
  });

  it('a fresh build equals the cached index', () => {
    const fresh = new WordNet(buildWordNetIndex());
    expect(fresh.synsetCount).toBe(wn.synsetCount);
    expect(fresh.lemmaCount).toBe(wn.lemmaCount);
    for (const w of ['bank', 'said', 'U.S.', 'geese', 'better']) expect(fresh.lemmaNames(w)).toEqual(wn.lemmaNames(w));
  });

  it('rejects a buffer that is not an index', () => {
    expect(() => new WordNet(Buffer.from('not an index at all, not at all, not at all, not at all, not at all, not at all, not at all, not at all, not at all, not at all, not at all'))).toThrow(/magic|short/);
  });

  it('a string table finds exactly the strings it holds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }), { maxLength: 60 }), fc.string(), (strings, probe) => {
        const t = buildStringTable(strings);
        const table = new StringTable(t.bytes, t.start, t.table);
        strings.forEach((s, i) => {
          expect(table.find(s)).toBe(i);
          expect(table.get(i)).toBe(s);
        });
        expect(table.find(probe)).toBe(strings.indexOf(probe));
      }),
    );
  });
});
