import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/version.js';
import spin from './synonym-spin.js';
import { NaiveCandidates } from './spin/naive.js';
import { TableLexicon } from './spin/naive-lexicon.js';
import { loadNaiveTable } from './spin/naive-table.js';
import { alignSubstitutions } from './spin/fixtures/align.js';
import { loadChain, runChain } from './chain.js';

/**
 * Fidelity of the naive mode to the spinner observed in the wild
 * (../shared/observed/synonym-spin.txt, a spin of original.txt; fingerprint
 * in DESIGN.md "What was observed"). The alignment reads the observed
 * replacements back; the assertions are those of issue 4.
 */
const observedDir = join(packageRoot(), '..', 'shared', 'observed');
const present = existsSync(join(observedDir, 'original.txt')) && existsSync(join(observedDir, 'synonym-spin.txt'));
if (!present) console.warn(`synonym-spin fidelity: skipped, ${observedDir} has no original.txt + synonym-spin.txt`);

/** The observed share of eligible words replaced, as DESIGN.md states it (41%). */
const OBSERVED_INTENSITY = 0.41;

describe.skipIf(!present)('synonym-spin naive reproduces the observed spin', async () => {
  const original = present ? readFileSync(join(observedDir, 'original.txt'), 'utf8') : '';
  const observed = present ? readFileSync(join(observedDir, 'synonym-spin.txt'), 'utf8') : '';
  // The table the generator reads.
  const candidates = new NaiveCandidates(new TableLexicon(loadNaiveTable()));
  const sets = new Map<string, Set<string>>();
  const candidateSet = (token: string) => {
    let s = sets.get(token);
    if (!s) sets.set(token, (s = new Set(Array.from(candidates.of(token), (id) => candidates.text(id)))));
    return s;
  };
  const words = (t: string) => t.split(/\s+/).filter(Boolean);
  const source = words(original);
  const replacements = alignSubstitutions(source, words(observed), (before, after) => candidateSet(before).has(after)) ?? [];
  const eligible = source.filter((t) => candidateSet(t).size > 0).length;

  it('aligns into the replacement count DESIGN.md reports (83 of 351 words, 22 multiword)', () => {
    expect(source.length).toBe(351);
    expect(replacements.length).toBe(83);
    expect(replacements.filter((r) => r.after.includes(' ')).length).toBe(22);
  });

  it('finds at least 95% of the observed replacements in the naive candidate set of their token', () => {
    const explained = replacements.filter((r) => candidateSet(r.before).has(r.after)).length;
    console.info(`synonym-spin fidelity: ${explained}/${replacements.length} observed replacements are naive candidates; ${eligible} eligible tokens`);
    expect(explained / replacements.length).toBeGreaterThanOrEqual(0.95);
  });

  it('counts every observed replaced token as eligible', () => {
    expect(replacements.filter((r) => candidateSet(r.before).size === 0)).toEqual([]);
  });

  it('realizes, at the observed intensity, a share within 2 points of the observed one', async () => {
    await spin.prepare?.({ mode: 'naive' });
    const observedShare = replacements.length / eligible;
    const r = spin.generate(original, { intensity: OBSERVED_INTENSITY, seed: 'fidelity' });
    expect(r.eligible).toBe(eligible);
    expect(Math.abs(r.realizedIntensity - observedShare)).toBeLessThanOrEqual(0.02);
  });

  it('spins with the observed mix of multiword replacements', async () => {
    await spin.prepare?.({ mode: 'naive' });
    let multiword = 0;
    let total = 0;
    for (let seed = 0; seed < 40; seed++) {
      const { edits } = spin.generate(original, { intensity: OBSERVED_INTENSITY, seed: String(seed) });
      multiword += edits.filter((e) => e.after.includes(' ')).length;
      total += edits.length;
    }
    // Observed: 22 of 83 (26.5%). Uniform choice over distinct lemma names lands near it.
    const share = multiword / total;
    console.info(`synonym-spin fidelity: multiword share over 40 seeds ${(share * 100).toFixed(1)}% (observed 26.5%)`);
    expect(Math.abs(share - 22 / 83)).toBeLessThan(0.1);
  });

  it('reproduces the observed pipeline end to end with the observed-spin preset (one line, single-spaced, mojibake kept)', async () => {
    const r = runChain(await loadChain('observed-spin'), original, { intensity: OBSERVED_INTENSITY, seed: '3' });
    expect(r.text).not.toMatch(/\n|  /);
    expect(r.text).toContain('â€”');
    expect(r.realizedIntensity).toBeCloseTo(Math.round(OBSERVED_INTENSITY * eligible) / eligible, 12);
  });
});
