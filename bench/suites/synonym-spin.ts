import { readFileSync } from 'node:fs';
import { defineBenchSuite, type BenchFigure, type BenchTask } from '../contract.js';
import { embeddedCorpus } from '../../harness/corpus.js';
import { buildWordNetIndex, loadWordNet, WordNet, wordNetCachePath } from '../../core/wordnet/index.js';
import spin from '../../generators/synonym-spin.js';
import { NaiveCandidates } from '../../generators/spin/naive.js';

/**
 * synonym-spin throughput on the embedded corpus (Brown press passages),
 * both modes, and the WordNet index load time. The loops run with a warm
 * per-token memo, as a long run does after its first passages; the cold
 * first pass is reported as a figure beside them.
 */
const TARGET_WORDS = 50_000;
/** Careful mode tags with compromise (~10x slower); tinybench runs at least 64 iterations, so it gets a shorter text. */
const CAREFUL_WORDS = 5_000;

function corpusText(targetWords: number): { text: string; words: number } {
  const parts: string[] = [];
  let words = 0;
  for (const doc of embeddedCorpus()) {
    parts.push(doc.text);
    words += doc.text.split(/\s+/).filter(Boolean).length;
    if (words >= targetWords) break;
  }
  return { text: parts.join('\n\n'), words };
}

function timeMs(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default defineBenchSuite({
  name: 'synonym-spin',
  async setup() {
    const { text, words } = corpusText(TARGET_WORDS);
    const short = corpusText(CAREFUL_WORDS);
    const coldBuildMs = timeMs(() => buildWordNetIndex());
    const wn = await loadWordNet(); // builds the cache if this checkout has none
    const path = wordNetCachePath();
    const cachedLoadMs = median([0, 1, 2, 3, 4].map(() => timeMs(() => new WordNet(readFileSync(path)))));
    const coldMemoMs = timeMs(() => {
      const fresh = new NaiveCandidates(wn);
      for (const token of text.split(/\s+/)) fresh.of(token);
    });
    await spin.prepare?.({ mode: 'naive' });
    await spin.prepare?.({ mode: 'careful' });
    let seed = 0;
    const tasks: BenchTask[] = [
      { name: 'naive spin (0.41)', fn: () => spin.generate(text, { intensity: 0.41, seed: String(seed++) }), unitsPerOp: words, unit: 'words', target: 2_000_000 },
      { name: 'careful spin (0.41)', fn: () => spin.generate(short.text, { intensity: 0.41, seed: String(seed++), params: { mode: 'careful' } }), unitsPerOp: short.words, unit: 'words', target: 100_000 },
    ];
    const figures: BenchFigure[] = [
      { name: 'WordNet index build (cold, no cache)', value: coldBuildMs, unit: 'ms', higherIsBetter: false },
      { name: 'WordNet index load (cached)', value: cachedLoadMs, unit: 'ms', target: 100, higherIsBetter: false },
      { name: 'naive candidates, cold memo (first pass)', value: words / (coldMemoMs / 1000), unit: 'words/s', higherIsBetter: true },
    ];
    return { tasks, figures };
  },
});
