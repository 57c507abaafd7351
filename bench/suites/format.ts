import { defineBenchSuite } from '../contract.js';
import { benchText } from '../text.js';
import flatten from '../../generators/flatten-whitespace.js';
import mojibake from '../../generators/mojibake.js';

export default defineBenchSuite({
  name: 'format generators',
  async setup() {
    const { text, words } = await benchText();
    return {
      tasks: [
        { name: 'flatten-whitespace', fn: () => flatten.generate(text, { intensity: 1, seed: '1' }), unitsPerOp: words, unit: 'words', target: 100_000 },
        { name: 'mojibake', fn: () => mojibake.generate(text, { intensity: 1, seed: '1' }), unitsPerOp: words, unit: 'words', target: 100_000 },
      ],
    };
  },
});
