import { embeddedCorpus } from '../harness/build/corpus.js';

/**
 * The text generator benches run on: embedded-corpus passages (Brown news,
 * editorial, reviews) joined as paragraphs until about `targetWords` words,
 * so throughput is measured on the text the default suite perturbs.
 */
export async function benchText(targetWords = 20_000): Promise<{ text: string; words: number }> {
  const parts: string[] = [];
  let words = 0;
  for (const doc of embeddedCorpus()) {
    if (words >= targetWords) break;
    parts.push(doc.text);
    words += doc.text.split(/\s+/).filter(Boolean).length;
  }
  return { text: parts.join('\n\n'), words };
}
