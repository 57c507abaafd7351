import type { Document } from '../core/types.js';
import { tokenize } from '../core/tokenize.js';

/**
 * Topical neighbours by TF-IDF cosine over lowercased word tokens, used to
 * pick hard negatives for the reuse task: the nearest passage of another
 * article, like a second report on the same event. Passages that share
 * `meta.group` (the same article) are not neighbours of each other.
 */
export class TfIdfIndex {
  private readonly vectors: Array<Map<number, number>>;
  private readonly docs: readonly Document[];

  constructor(docs: readonly Document[]) {
    this.docs = docs;
    const vocab = new Map<string, number>();
    const counts = docs.map((doc) => {
      const tf = new Map<number, number>();
      for (const t of tokenize(doc.text.toLowerCase(), 'words')) {
        if (!/[\p{L}\p{N}]/u.test(t.text)) continue;
        let id = vocab.get(t.text);
        if (id === undefined) vocab.set(t.text, (id = vocab.size));
        tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      return tf;
    });
    const df = new Float64Array(vocab.size);
    for (const tf of counts) for (const id of tf.keys()) df[id]++;
    this.vectors = counts.map((tf) => {
      const v = new Map<number, number>();
      let norm = 0;
      for (const [id, c] of tf) {
        // Smoothed idf as in scikit-learn's TfidfVectorizer, sublinear tf.
        const w = (1 + Math.log(c)) * (Math.log((1 + docs.length) / (1 + df[id])) + 1);
        v.set(id, w);
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [id, w] of v) v.set(id, w / norm);
      return v;
    });
  }

  /** The most similar other document (ties broken by corpus order), or undefined. */
  nearest(index: number): Document | undefined {
    const a = this.vectors[index];
    const group = this.docs[index].meta?.group;
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < this.docs.length; j++) {
      if (j === index) continue;
      if (group !== undefined && this.docs[j].meta?.group === group) continue;
      const score = cosine(a, this.vectors[j]);
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    }
    return best < 0 ? undefined : this.docs[best];
  }
}

function cosine(a: Map<number, number>, b: Map<number, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [id, w] of small) {
    const x = large.get(id);
    if (x !== undefined) dot += w * x;
  }
  return dot;
}
