import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultDiscordance, documentsNeeded, minimumDetectableChange, pairedPower, pairsNeeded } from './power.js';
import { normalCdf, normalQuantile } from './normal.js';

interface Golden {
  normal: { cdf: Array<{ x: number; value: number }>; ppf: Array<{ p: number; value: number }> };
  mdeObserved: Array<{ n: number; discordance: number; mde: number | null }>;
  mdeDefault: Array<{ n: number; mde: number; discordance: number }>;
  documentsNeeded: Array<{ mde: number; discordance: number | null; positivesPerDocument: number; exactPairs: number; positives: number; documents: number; discordanceUsed: number }>;
  power: Array<{ n: number; d: number; discordance: number; power: number }>;
}
const golden = JSON.parse(readFileSync(new URL('./fixtures/golden-power.json', import.meta.url), 'utf8')) as Golden;
const within = (actual: number, expected: number, tol = 1e-6) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);

describe('normal distribution against scipy.stats.norm', () => {
  it('known quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
  it('golden cdf (relative 1e-9) and ppf (1e-9)', () => {
    for (const { x, value } of golden.normal.cdf) expect(Math.abs(normalCdf(x) - value), `cdf ${x}`).toBeLessThanOrEqual(1e-9 * Math.max(value, 1e-300));
    for (const { p, value } of golden.normal.ppf) within(normalQuantile(p), value, 1e-9);
  });
  it('round trip', () => {
    for (let p = 0.0005; p < 1; p += 0.01) within(normalCdf(normalQuantile(p)), p, 1e-14);
  });
});

describe('power of the paired test against the golden file', () => {
  it('minimum detectable change at an observed discordance', () => {
    for (const g of golden.mdeObserved) {
      const r = minimumDetectableChange({ n: g.n, discordance: g.discordance });
      if (g.mde === null) expect(r.mde, `n=${g.n} pd=${g.discordance}`).toBeNull();
      else within(r.mde!, g.mde);
      expect(r.assumedDiscordance).toBe(false);
    }
  });
  it('minimum detectable change before a run (discordance max(2 mde, 0.05))', () => {
    for (const g of golden.mdeDefault) {
      const r = minimumDetectableChange({ n: g.n });
      within(r.mde!, g.mde);
      within(r.discordance, g.discordance);
      expect(r.assumedDiscordance).toBe(true);
    }
  });
  it('documents needed', () => {
    for (const g of golden.documentsNeeded) {
      const r = documentsNeeded({ mde: g.mde, discordance: g.discordance ?? undefined, positivesPerDocument: g.positivesPerDocument });
      within(r.exactPairs, g.exactPairs);
      expect(r.positives).toBe(g.positives);
      expect(r.documents).toBe(g.documents);
      within(r.discordance, g.discordanceUsed, 1e-15);
    }
  });
  it('achieved power', () => {
    for (const g of golden.power) within(pairedPower(g.n, g.d, g.discordance), g.power);
  });
  it('consistency: n from the MDE gives the MDE back, and power 0.8 there', () => {
    const r = minimumDetectableChange({ n: 640, discordance: 0.1 });
    within(pairsNeeded(r.mde!, 0.1), 640, 1e-9);
    within(pairedPower(640, r.mde!, 0.1), 0.8, 1e-9);
  });
  it('the issue example: 40 positives cannot detect 0.02; --mde 0.02 needs thousands', () => {
    expect(minimumDetectableChange({ n: 40 }).mde!).toBeGreaterThan(0.3);
    const need = documentsNeeded({ mde: 0.02 });
    expect(defaultDiscordance(0.02)).toBe(0.05);
    expect(need.documents).toBeGreaterThan(900);
    expect(documentsNeeded({ mde: 0.02, designEffect: 1.5 }).positives).toBe(Math.ceil(need.exactPairs * 1.5));
  });
  it('a change larger than the discordance is impossible', () => {
    expect(documentsNeeded({ mde: 0.2, discordance: 0.1 }).documents).toBeNull();
  });
});
