import { type TaskBuilder } from './contract.js';
import { attackedId, attacksOn, cleanSample, sampleFrom, variantsOf } from './variants.js';

/**
 * reuse: (source, candidate), is the candidate derived from the source?
 * Positives: the source passage run through a generator (a verbatim copy is
 * reuse too). Negatives, pooled into every slice: the topically nearest
 * passage of another article (TF-IDF), a hard negative. Attacked negatives:
 * that neighbour run through each of the suite's negative attacks, counted in
 * the attack's own slice, so the report shows the false-positive rate an
 * attack causes beside the recall it costs.
 */
export const reuse: TaskBuilder = {
  task: 'reuse',
  *build(ctx, doc) {
    const calibration = ctx.isCalibration(doc);
    const neighbour = ctx.nearest(doc);
    if (neighbour) {
      yield cleanSample('reuse', doc, neighbour.text, { split: calibration ? 'calibration' : 'test', source: doc.text, why: 'nearest-passage', candidateId: neighbour.id });
    }
    if (calibration) return;
    for (const v of variantsOf(ctx, doc)) yield sampleFrom('reuse', doc, v, { label: 1, role: 'positive', source: doc.text });
    if (!neighbour) return;
    for (const v of attacksOn(ctx, neighbour)) {
      yield sampleFrom('reuse', doc, v, { id: attackedId('reuse', doc, v), label: 0, role: 'negative', source: doc.text, meta: { why: 'attacked-nearest-passage', candidateId: neighbour.id } });
    }
  },
};
