import { defineDetector, type DetectorItem, type DetectorResult } from '../../core/types.js';
import { hashKeys, ngramHash, wordKeys } from './ngrams.js';

/** Word n-gram length: trigrams survive light rewording and rarely match by chance. */
export const CONTAINMENT_N = 3;

/** Distinct word n-gram hashes of a text (n shrinks for texts shorter than n words). */
export function shingles(text: string, n = CONTAINMENT_N): Set<number> {
  const hashes = hashKeys(wordKeys(text));
  const size = Math.min(n, hashes.length);
  const out = new Set<number>();
  if (size === 0) return out;
  for (let i = 0; i + size <= hashes.length; i++) out.add(ngramHash(hashes, i, size));
  return out;
}

/**
 * Broder's containment of the candidate in the source: the share of the
 * candidate's distinct word n-grams that also occur in the source,
 * |S(c) ∩ S(s)| / |S(c)|. 0 for a candidate with no words.
 */
export function containment(candidate: string, source: string, n = CONTAINMENT_N): number {
  const c = shingles(candidate, n);
  if (c.size === 0) return 0;
  const s = shingles(source, n);
  let shared = 0;
  for (const h of c) if (s.has(h)) shared++;
  return shared / c.size;
}

/**
 * Reuse baseline (Broder 1997, "On the resemblance and containment of
 * documents"): word trigram containment of the candidate in the source, on
 * lowercased words with punctuation dropped. A spun or regenerated copy keeps
 * the trigrams between its replacements; a topically near but independent
 * passage shares few.
 */
export default defineDetector({
  name: 'ngram-containment',
  version: '1.0.0',
  tasks: ['reuse'],
  description: 'Word trigram containment of the candidate in the source (Broder).',
  score(items: readonly DetectorItem[]): DetectorResult[] {
    return items.map((item) =>
      item.source === undefined ? { id: item.id, error: `ngram-containment needs a source (task ${item.task})` } : { id: item.id, score: containment(item.text, item.source) },
    );
  },
});
