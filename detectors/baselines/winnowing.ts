import { defineDetector, type DetectorItem, type DetectorResult } from '../../core/types.js';
import { fmix32, hashString, wordKeys } from './ngrams.js';

/** Characters per k-gram: shorter than the clean stretch between two spun words, longer than chance matches. */
export const K = 12;
/** Window: any shared run of at least W + K - 1 = 17 characters is guaranteed a shared fingerprint. */
export const W = 6;

const BASE = 0x01000193;

/** Rabin-Karp hashes of every k-gram (mod 2^32), each then mixed so the window minimum is not biased to low characters. */
function rollingHashes(text: string, k: number): Uint32Array {
  const n = text.length - k + 1;
  const out = new Uint32Array(n);
  let top = 1;
  for (let i = 1; i < k; i++) top = Math.imul(top, BASE);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  out[0] = fmix32(h);
  for (let i = 1; i < n; i++) {
    h = (Math.imul(h - Math.imul(text.charCodeAt(i - 1), top), BASE) + text.charCodeAt(i + k - 1)) | 0;
    out[i] = fmix32(h);
  }
  return out;
}

/**
 * Winnowing fingerprints (Schleimer, Wilkerson and Aiken 2003, the algorithm
 * of MOSS): hash every character k-gram of the normalised text (lowercased
 * words joined without spaces or punctuation), slide a window of W hashes
 * and keep the smallest of each window (the rightmost on ties). Returns the
 * distinct fingerprints.
 */
export function fingerprints(text: string, k = K, w = W): Set<number> {
  const normalized = wordKeys(text).join('');
  const n = normalized.length - k + 1;
  const out = new Set<number>();
  if (n <= 0) {
    if (normalized.length > 0) out.add(hashString(normalized));
    return out;
  }
  const hashes = rollingHashes(normalized, k);
  if (n <= w) {
    out.add(Math.min(...hashes));
    return out;
  }
  for (let start = 0; start + w <= n; start++) {
    let best = start;
    for (let j = start + 1; j < start + w; j++) if (hashes[j] <= hashes[best]) best = j;
    out.add(hashes[best]);
  }
  return out;
}

/** Share of the candidate's fingerprints found among the source's (containment, as MOSS reports matches). */
export function winnowContainment(candidate: string, source: string): number {
  const c = fingerprints(candidate);
  if (c.size === 0) return 0;
  const s = fingerprints(source);
  let shared = 0;
  for (const h of c) if (s.has(h)) shared++;
  return shared / c.size;
}

/**
 * Reuse baseline: MOSS-style winnowing. Character k-grams make it blind to
 * whitespace, punctuation and case changes (a BERT-regenerated copy still
 * matches), and robust to words split or glued differently, while a spun
 * word breaks only the fingerprints that straddle it.
 */
export default defineDetector({
  name: 'winnowing',
  version: '1.0.0',
  tasks: ['reuse'],
  description: 'MOSS-style winnowing fingerprints (k=12 characters, w=6): share of the candidate\'s fingerprints found in the source.',
  score(items: readonly DetectorItem[]): DetectorResult[] {
    return items.map((item) =>
      item.source === undefined ? { id: item.id, error: `winnowing needs a source (task ${item.task})` } : { id: item.id, score: winnowContainment(item.text, item.source) },
    );
  },
});
