import { describe, expect, it } from 'vitest';
import { CodePointIndex } from '../../core/text.js';
import { loadBrownLexicon } from './brown-lexicon.js';
import { createContentWordFinder } from './careful-tagger.js';

const lexicon = loadBrownLexicon();
const asked: string[] = [];
const find = createContentWordFinder(lexicon, (word) => {
  asked.push(word);
  return word === 'blorped' ? new Set(['Verb', 'PastTense']) : undefined;
});
const read = (text: string) => Object.fromEntries(find(text, new CodePointIndex(text)).map((w) => [w.token, `${w.pos}:${w.form}`]));

describe('Brown lexicon', () => {
  it('gives a form its most frequent Brown tag, as written first, else over its case variants', () => {
    expect(lexicon.tagOf('said')).toBe('vbd');
    expect(lexicon.tagOf('talks')).toBe('nns');
    expect(lexicon.tagOf('Robert')).toBe('np');
    expect(lexicon.tagOf('Cars')).toBe(lexicon.tagOf('cars'));
    expect(lexicon.tagOf('zzqxv')).toBeUndefined();
  });
});

describe('content words for careful spinning', () => {
  it('reads nouns, verbs, adjectives and adverbs with their inflected form', () => {
    const words = read('The dogs barked loudly at bigger cars. Cars were moving slowly.');
    expect(words.dogs).toBe('0:plural');
    expect(words.loudly).toBe('3:base');
    expect(words.bigger).toBe('2:comparative');
    expect(words.Cars).toBe('0:plural');
    expect(words.moving).toBe('1:gerund');
  });

  it('keeps stopwords, names, numbers, acronyms, contractions and hyphenated words', () => {
    const words = read("He said Robert Lighthizer's NAFTA talks in Montreal won't reach 24 job-killing rules.");
    for (const kept of ['He', 'Robert', "Lighthizer's", 'NAFTA', 'Montreal', "won't", '24', 'job-killing', 'in']) expect(words[kept]).toBeUndefined();
    expect(words.said).toBe('1:past');
    expect(words.talks).toBe('0:plural');
  });

  it('does not end a sentence at an abbreviation, so the name after it stays a name', () => {
    expect(read('Trade Rep. Lighthizer spoke.').Lighthizer).toBeUndefined();
    expect(read('It rained. Police came.').Police).toBeDefined();
  });

  it('asks the fallback tagger only about words Brown lacks, once each', () => {
    asked.length = 0;
    expect(read('They blorped and blorped and said so.').blorped).toBe('1:past');
    expect(asked).toEqual(['blorped']);
  });

  it('gives code-point spans that slice to the word', () => {
    const text = '😀 The dogs barked.';
    const index = new CodePointIndex(text);
    for (const w of find(text, index)) expect(index.slice(w.start, w.end)).toBe(w.token);
  });
});
