import { describe, expect, it } from 'vitest';
import { GENERATORS, PRESETS, findGenerator } from './registry.js';

// The registry copies each module's description so that `gauntlet list` loads no module; this keeps the copy true.
describe('generator registry', () => {
  it.each(GENERATORS.map((g) => [g.name, g] as const))('%s: the entry says what the module says', async (name, entry) => {
    const generator = await entry.load();
    expect(generator.name).toBe(name);
    expect(entry.description).toBe(generator.description);
  });

  it('names each generator once, and every preset step is a generator', () => {
    const names = GENERATORS.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of PRESETS) for (const step of p.steps) expect(findGenerator(step.generator), `${p.name}: ${step.generator}`).toBeDefined();
  });
});
