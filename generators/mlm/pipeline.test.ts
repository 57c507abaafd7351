import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/version.js';
import { sliceCodePoints } from '../../core/text.js';
import { normalizeText, pipelineTokens } from './pipeline.js';

const observed = join(packageRoot(), '..', 'shared', 'observed');
const original = readFileSync(join(observed, 'original.txt'), 'utf8');
const regenerated = readFileSync(join(observed, 'mlm-regen-light.txt'), 'utf8');

/**
 * The observed output, one entry per source position: a WordPiece piece
 * glued to its left neighbour ("mustimport") spans two positions, so it is
 * split back where the pipeline's own token is a prefix of it.
 */
function observedPositions(ours: string[]): string[] {
  const out: string[] = [];
  for (const token of regenerated.trim().split(' ')) {
    const mine = ours[out.length];
    if (mine !== undefined && token !== mine && token.startsWith(mine) && token.length > mine.length && ours[out.length + 1] !== token.slice(mine.length)) {
      out.push(mine, `##${token.slice(mine.length)}`);
    } else {
      out.push(token);
    }
  }
  return out;
}

describe('observed pipeline', () => {
  const ours = normalizeText(original).split(' ');
  const theirs = observedPositions(ours);

  it('keeps one token per source token (positions align 1:1)', () => {
    expect(theirs.length).toBe(ours.length);
  });

  it('matches the observed regeneration exactly on every position it did not regenerate', () => {
    const differing = ours.map((t, i) => (t === theirs[i] ? -1 : i)).filter((i) => i >= 0);
    // The observed file regenerated 58 tokens; everything else must be our normalisation, byte for byte.
    expect(differing.length).toBe(58);
    const words = pipelineTokens(original);
    for (const i of differing) expect(words[i].kind).toBe('word');
  });

  it('keeps the mojibake dash as one token and splits "U.S." and contractions', () => {
    expect(ours.slice(0, 10)).toEqual(['montreal', '(', 'ap', ')', 'â€”', 'u', '.', 's', '.', 'trade']);
    expect(normalizeText("We're a job-killing \"disaster.\"")).toBe('we \' re a job - killing " disaster . "');
  });

  it('splits typographic punctuation but keeps accents (no BERT accent stripping)', () => {
    expect(normalizeText('“Café” — naïve')).toBe('“ café ” — naïve');
  });

  it('gives spans that slice to the raw token, in code points (astral text too)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '.', '\n', 'é', '😀', 'â', '€', '”', '-', '7') }), (text) => {
        const tokens = pipelineTokens(text);
        for (const t of tokens) {
          expect(sliceCodePoints(text, t.start, t.end)).toBe(t.raw);
          expect(t.text).toBe(t.raw.toLowerCase());
        }
        // Nothing but whitespace is dropped.
        expect(tokens.map((t) => t.raw).join('')).toBe(text.replace(/\s+/gu, ''));
      }),
    );
  });
});
