import { defineBenchSuite, type BenchTask } from '../contract.js';
import { benchText } from '../text.js';
import type { CorpusView, Generator } from '../../core/types.js';
import homoglyph from '../../generators/homoglyph.js';
import zeroWidth from '../../generators/zero-width.js';
import whitespace from '../../generators/whitespace.js';
import caseSwap from '../../generators/case-swap.js';
import misspelling from '../../generators/misspelling.js';
import articleDeletion from '../../generators/article-deletion.js';
import paragraphInsert from '../../generators/paragraph-insert.js';
import altSpelling from '../../generators/alt-spelling.js';
import numberShuffle from '../../generators/number-shuffle.js';
import insertSentence from '../../generators/insert-sentence.js';

const ATTACKS: Generator[] = [homoglyph, zeroWidth, whitespace, caseSwap, misspelling, articleDeletion, paragraphInsert, altSpelling, numberShuffle, insertSentence];

/** Issue 10: every attack at 1,000,000 characters a second or more. */
const TARGET_CHARS = 1_000_000;

/**
 * The attack catalog on the bench text (about 20,000 words, 120,000
 * characters), at the default intensity and at 1 (every eligible unit
 * changed, the most edits to log), with tables loaded beforehand as
 * `prepare` would.
 */
export default defineBenchSuite({
  name: 'attack generators',
  async setup() {
    const { text } = await benchText();
    const chars = [...text].length;
    // insert-sentence borrows from a corpus; paragraphs of the bench text stand in for one.
    const corpus: CorpusView = { documents: text.split('\n').slice(0, 40).map((p, i) => ({ id: `p${i}`, text: p })) };
    const tasks: BenchTask[] = [];
    for (const g of ATTACKS) {
      await g.prepare?.();
      for (const intensity of [...new Set([g.defaultIntensity, 1])]) {
        const options = { intensity, seed: '1', corpus, documentId: 'bench' };
        tasks.push({ name: `${g.name} @${intensity}`, fn: () => g.generate(text, options), unitsPerOp: chars, unit: 'chars', target: TARGET_CHARS });
      }
    }
    return { tasks };
  },
});
