import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import flatten from './flatten-whitespace.js';
import mojibake, { mojibakeOf } from './mojibake.js';
import { sliceCodePoints } from '../core/text.js';
import { packageRoot } from '../core/version.js';
import type { GenerateResult } from '../core/types.js';

const observed = join(packageRoot(), '..', 'shared', 'observed');
const original = existsSync(observed) ? readFileSync(join(observed, 'original.txt'), 'utf8') : 'Line one —\nline two.\n\nLine “three”.';

function expectSpansSlice(source: string, r: GenerateResult) {
  for (const e of r.edits) {
    expect(sliceCodePoints(source, e.sourceSpan[0], e.sourceSpan[1])).toBe(e.before);
    expect(sliceCodePoints(r.text, e.outputSpan[0], e.outputSpan[1])).toBe(e.after);
  }
}

describe('flatten-whitespace', () => {
  it('prints the article on one line at intensity 1, as the observed spinner did', () => {
    const r = flatten.generate(original, { intensity: 1, seed: '0' });
    expect(r.text).not.toMatch(/\n/);
    expect(r.text).not.toMatch(/ {2}/);
    expect(r.text.split(' ')).toEqual(original.trim().split(/\s+/));
    expect(r.realizedIntensity).toBe(1);
    expectSpansSlice(original, r);
  });

  it('nests across intensities and repeats for a seed', () => {
    const low = flatten.generate(original, { intensity: 0.3, seed: 's' });
    const high = flatten.generate(original, { intensity: 0.7, seed: 's' });
    expect(flatten.generate(original, { intensity: 0.3, seed: 's' })).toEqual(low);
    const spans = new Set(high.edits.map((e) => e.sourceSpan.join()));
    for (const e of low.edits) expect(spans.has(e.sourceSpan.join())).toBe(true);
    expectSpansSlice(original, low);
  });
});

describe('mojibake', () => {
  it('decodes UTF-8 bytes as Windows-1252 like the observed "â€”"', () => {
    expect(mojibakeOf('—')).toBe('â€”');
    expect(mojibakeOf('é')).toBe('Ã©');
    expect(mojibakeOf('“')).toBe('â€œ');
  });

  it('touches non-ASCII characters only, with spans that slice', () => {
    const text = 'Café — “quoted” 😀 plain';
    const r = mojibake.generate(text, { intensity: 1, seed: '1' });
    expect(r.eligible).toBe(5);
    expect(r.edits.map((e) => e.before)).toEqual(['é', '—', '“', '”', '😀']);
    expect(r.text).toBe('CafÃ© â€” â€œquotedâ€\u009d ðŸ˜€ plain');
    expectSpansSlice(text, r);
    const none = mojibake.generate('ascii only', { intensity: 1, seed: '1' });
    expect(none).toMatchObject({ text: 'ascii only', edits: [], eligible: 0, realizedIntensity: 0 });
  });
});
