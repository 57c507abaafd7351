import { describe, expect, it } from 'vitest';
import { DETECTORS } from './registry.js';

// The registry copies each module's description and tasks so that `gauntlet list` loads no module; this keeps the copy true.
describe('detector registry', () => {
  it.each(DETECTORS.map((d) => [d.name, d] as const))('%s: the entry says what the module says', async (name, entry) => {
    const detector = await entry.load();
    expect(detector.name).toBe(name);
    expect(entry.description).toBe(detector.description);
    expect([...entry.tasks]).toEqual([...detector.tasks]);
  });
});
