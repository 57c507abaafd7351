import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkEdits } from '../core/compose.js';
import { GENERATORS, PRESETS } from './registry.js';
import { loadChain, runChain } from './chain.js';

/**
 * The catalog's done-when, for every registered generator and preset: what
 * `gauntlet perturb <name> --json` prints for the observed article (same
 * load and run path) has edits whose spans slice exactly, at intensities 0,
 * 0.1, 0.5 and 1. Generators whose loading takes seconds (a parser or a
 * language model) or need an endpoint (llm-rewrite) are left to their own
 * tests so this file stays fast and offline.
 */
const EXPENSIVE = new Set(['fact-swap', 'mlm-regen', 'llm-rewrite']);

const observed = readFileSync(join(__dirname, '..', '..', 'shared', 'observed', 'original.txt'), 'utf8');
const names = [...GENERATORS.map((g) => g.name), ...PRESETS.map((p) => p.name)].filter((n) => !EXPENSIVE.has(n));

describe('the generator catalog', () => {
  it.each(names)('%s: spans slice exactly at 0, 0.1, 0.5 and 1', async (name) => {
    const chain = await loadChain(name);
    for (const intensity of [0, 0.1, 0.5, 1]) {
      const r = runChain(chain, observed, { intensity, seed: '0' });
      expect(checkEdits(observed, r.text, r.edits)).toBeUndefined();
      // A preset's fixed steps (observed-spin flattens whitespace) still run at 0.
      if (intensity === 0 && !PRESETS.some((p) => p.name === name)) expect(r.text).toBe(observed);
    }
  });

  it('composes the issue\'s three-step chain so its edits rebuild the output from the source', async () => {
    const chain = await loadChain('synonym-spin:0.3,homoglyph:0.1,zero-width:0.05');
    const r = runChain(chain, observed, { intensity: 0.3, seed: '0' });
    expect(r.edits.length).toBeGreaterThan(50);
    expect(checkEdits(observed, r.text, r.edits)).toBeUndefined();
  });

  it.each(GENERATORS.filter((g) => !EXPENSIVE.has(g.name)).map((g) => [g.name, g] as const))('%s: its registry entry matches the generator', async (name, entry) => {
    const g = await entry.load();
    expect(g.name).toBe(name);
    expect(g.family).toBe(entry.family);
    expect(g.defaultIntensity).toBeGreaterThanOrEqual(0);
    expect(g.defaultIntensity).toBeLessThanOrEqual(1);
    expect(g.unit.length).toBeGreaterThan(0);
  });
});
