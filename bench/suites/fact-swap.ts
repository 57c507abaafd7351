import { defineBenchSuite } from '../contract.js';
import { benchText } from '../text.js';
import factSwap from '../../generators/fact-swap.js';

/** fact-swap on the observed article repeated to ~20,000 words; target: 100,000 words/s (DESIGN.md). */
export default defineBenchSuite({
  name: 'fact-swap',
  async setup() {
    const { text, words } = await benchText();
    await factSwap.prepare?.({});
    const t0 = performance.now();
    factSwap.generate(text, { intensity: 0.3, seed: 'warm' });
    const firstCallMs = performance.now() - t0;
    return {
      tasks: [
        { name: 'fact-swap all kinds @0.3', fn: () => factSwap.generate(text, { intensity: 0.3, seed: '1' }), unitsPerOp: words, unit: 'words', target: 100_000 },
        { name: 'fact-swap all kinds @1', fn: () => factSwap.generate(text, { intensity: 1, seed: '1' }), unitsPerOp: words, unit: 'words', target: 100_000 },
        { name: 'fact-swap kinds=entity @0.3', fn: () => factSwap.generate(text, { intensity: 0.3, seed: '1', params: { kinds: 'entity' } }), unitsPerOp: words, unit: 'words', target: 100_000 },
      ],
      figures: [{ name: 'fact-swap first call (lexicon build)', value: firstCallMs, unit: 'ms', higherIsBetter: false }],
    };
  },
});
