import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sliceCodePoints } from '../core/text.js';
import { splitSentences } from './sentences.js';

const texts = (text: string) => splitSentences(text).map((s) => sliceCodePoints(text, s.start, s.end));

describe('splitSentences', () => {
  it('splits at terminal punctuation before a capital, keeping closing quotes with the sentence', () => {
    expect(texts('It was a "step forward." Some headway was made! Was it? 24 of them agreed.')).toEqual([
      'It was a "step forward."',
      'Some headway was made!',
      'Was it?',
      '24 of them agreed.',
    ]);
  });

  it('does not split after abbreviations, initials or initialisms', () => {
    expect(texts('U.S. Trade Rep. Robert Lighthizer met Mr. J. Smith in the U.S. Senate on Jan. 5. Then he left.')).toEqual([
      'U.S. Trade Rep. Robert Lighthizer met Mr. J. Smith in the U.S. Senate on Jan. 5.',
      'Then he left.',
    ]);
  });

  it('ends a sentence at every line break and ignores a period before a lower-case word', () => {
    expect(texts('  First line without a stop\nSecond one, e.g. this. and more\n\n')).toEqual(['First line without a stop', 'Second one, e.g. this. and more']);
  });

  it('gives code-point spans (astral characters count once)', () => {
    const text = 'Smile 😀 now. Then go.';
    const spans = splitSentences(text);
    expect(spans).toEqual([{ start: 0, end: 12 }, { start: 13, end: 21 }]);
  });

  it('finds the sentences of the observed article', () => {
    const observed = readFileSync(join(__dirname, '..', '..', 'shared', 'observed', 'original.txt'), 'utf8');
    const found = texts(observed);
    // 12 lines; five lines hold two sentences and one holds three.
    expect(found.length).toBe(17);
    expect(found[0]).toMatch(/^MONTREAL \(AP\) .* progressing very slowly\.$/);
    expect(found).toContain('"Some real headway was made here," Lighthizer said.');
  });
});
