import { type TaskBuilder } from './contract.js';
import { cleanSample, sampleFrom, variantsOf } from './variants.js';

/**
 * tamper: a single text, is it corrupted? Positives are generator outputs
 * with at least one edit (a generator that found nothing to change made no
 * corruption, so it yields no sample); negatives are the clean passages,
 * pooled into every slice. Clean passages of calibration documents form the
 * calibration split; their corrupted versions are not built.
 */
export const tamper: TaskBuilder = {
  task: 'tamper',
  *build(ctx, doc) {
    const calibration = ctx.isCalibration(doc);
    yield cleanSample('tamper', doc, doc.text, { split: calibration ? 'calibration' : 'test', why: 'clean-passage' });
    if (calibration) return;
    for (const v of variantsOf(ctx, doc)) {
      if (v.result.edits.length === 0) {
        ctx.skip('no-edit');
        continue;
      }
      yield sampleFrom('tamper', doc, v, { label: 1, role: 'positive' });
    }
  },
};
