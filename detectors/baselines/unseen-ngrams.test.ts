import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUnseenNgrams, buildUnseenIndex, loadUnseenIndex, unseenScore, type UnseenIndex } from './unseen-ngrams.js';
import { bertBasic, brownDocuments, passages } from '../fixtures/brown-text.js';

// A small reference keeps the test fast; press passages are the evaluated text.
const reference = brownDocuments(['learned', 'lore', 'fiction']);
const press = passages(brownDocuments(['news']).slice(0, 6));
let index: UnseenIndex;
beforeAll(() => {
  index = buildUnseenIndex(reference);
});

describe('unseen-ngrams', () => {
  it('caches its index: a cached load scores exactly as a fresh build, and older versions are pruned', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unseen-cache-'));
    writeFileSync(join(dir, 'unseen-ngrams-f0-old.bin'), 'an older version');
    writeFileSync(join(dir, 'other-cache.bin'), 'not ours');
    const built = loadUnseenIndex(reference, dir);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files).toContain('other-cache.bin');
    const cached = loadUnseenIndex(reference, dir);
    expect(cached.baseline).toEqual(index.baseline);
    expect(Buffer.from(cached.chars.words.buffer, cached.chars.words.byteOffset, cached.chars.words.byteLength).equals(Buffer.from(index.chars.words.buffer))).toBe(true);
    for (const p of press) {
      expect(unseenScore(cached, p)).toBe(unseenScore(index, p));
      expect(unseenScore(built, bertBasic(p))).toBe(unseenScore(index, bertBasic(p)));
    }
  });

  it('scores clean held-out reference text near 1 and keeps both components on one scale', () => {
    expect(index.baseline.chars).toBeGreaterThan(0);
    expect(index.baseline.words).toBeGreaterThan(index.baseline.chars);
    const mean = press.reduce((a, p) => a + unseenScore(index, p), 0) / press.length;
    expect(mean).toBeGreaterThan(0.3);
    expect(mean).toBeLessThan(3);
  });

  it('scores a lowercased, punctuation-split rewrite above its clean source, passage by passage', () => {
    for (const p of press) expect(unseenScore(index, bertBasic(p))).toBeGreaterThan(unseenScore(index, p));
  });

  it('scores mojibake above the clean text', () => {
    const p = press[0].replace(/[,.]/g, (c) => `${c} “quoted—”`);
    // UTF-8 bytes read back one byte per character, as a wrong decoder does.
    const broken = [...p].map((c) => (c.codePointAt(0)! > 0x7f ? Buffer.from(c, 'utf8').toString('latin1') : c)).join('');
    expect(unseenScore(index, broken)).toBeGreaterThan(unseenScore(index, p));
  });

  it('answers every item once, deterministically, through the Detector interface', async () => {
    const det = createUnseenNgrams();
    await det.init!({ reference: reference.slice(0, 20) });
    const items = press.map((text, i) => ({ id: `x${i}`, task: 'tamper' as const, text }));
    const a = await det.score(items);
    const b = await det.score([...items].reverse());
    expect(a.map((r) => r.id)).toEqual(items.map((i) => i.id));
    const byId = new Map(b.map((r) => [r.id, r.score]));
    for (const r of a) expect(byId.get(r.id)).toBe(r.score);
  });

  it('refuses to run without reference text or without init', async () => {
    const det = createUnseenNgrams();
    expect(() => det.score([{ id: 'a', task: 'tamper', text: 'x' }])).toThrow(/init/);
    await expect(async () => det.init!({ reference: [] })).rejects.toThrow(/reference/);
  });

  it('gives a finite, non-negative score to any text (empty text scores 0)', () => {
    expect(unseenScore(index, '')).toBe(0);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const s = unseenScore(index, text);
        return Number.isFinite(s) && s >= 0;
      }),
      { numRuns: 200 },
    );
  });
});
