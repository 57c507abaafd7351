import type { Document } from '../../core/types.js';
import { tokenize } from '../../core/tokenize.js';

/**
 * Topical neighbours by TF-IDF cosine over lowercased word tokens, used to
 * pick hard negatives for the reuse task: the nearest passage of another
 * article in the whole corpus, like a second report on the same event.
 * Passages that share `meta.group` (the same article) are not neighbours.
 * Queries walk an inverted index, so the cost grows with the postings of the
 * query's terms, not with the square of the corpus.
 */
export class TfIdfIndex {
  private readonly docs: readonly Document[];
  private readonly vectors: Array<{ ids: Uint32Array; weights: Float64Array }>;
  private readonly postings: Array<{ docs: number[]; weights: number[] }>;
  private readonly position = new Map<string, number>();

  constructor(docs: readonly Document[]) {
    this.docs = docs;
    docs.forEach((d, i) => this.position.set(d.id, i));
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
    this.postings = Array.from({ length: vocab.size }, () => ({ docs: [], weights: [] }));
    this.vectors = counts.map((tf, d) => {
      const ids = Uint32Array.from([...tf.keys()].sort((a, b) => a - b));
      const weights = new Float64Array(ids.length);
      let norm = 0;
      ids.forEach((id, k) => {
        // Sublinear tf and smoothed idf, as scikit-learn's TfidfVectorizer(sublinear_tf=True).
        const w = (1 + Math.log(tf.get(id)!)) * (Math.log((1 + docs.length) / (1 + df[id])) + 1);
        weights[k] = w;
        norm += w * w;
      });
      norm = Math.sqrt(norm) || 1;
      ids.forEach((id, k) => {
        weights[k] /= norm;
        this.postings[id].docs.push(d);
        this.postings[id].weights.push(weights[k]);
      });
      return { ids, weights };
    });
  }

  /** The most similar document of another group (ties broken by corpus order), or undefined. */
  nearest(docId: string): Document | undefined {
    const index = this.position.get(docId);
    if (index === undefined) return undefined;
    const group = this.docs[index].meta?.group;
    const scores = new Float64Array(this.docs.length);
    const { ids, weights } = this.vectors[index];
    for (let k = 0; k < ids.length; k++) {
      const p = this.postings[ids[k]];
      const w = weights[k];
      for (let j = 0; j < p.docs.length; j++) scores[p.docs[j]] += w * p.weights[j];
    }
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < scores.length; j++) {
      if (j === index || (group !== undefined && this.docs[j].meta?.group === group)) continue;
      if (scores[j] > bestScore) {
        bestScore = scores[j];
        best = j;
      }
    }
    return best < 0 ? undefined : this.docs[best];
  }
}
