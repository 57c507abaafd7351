import { altersFact } from '../../../core/edits.js';
import { type TaskBuilder } from './contract.js';
import { attackedId, attacksOn, sampleFrom, variantsOf } from './variants.js';

/**
 * consistency: (source, candidate), does the candidate alter a fact the
 * source states? The label comes from the edit log: positive when any edit
 * carries a factType (fact-swap; mlm-regen where a regenerated token
 * changed a name, number or polarity), negative otherwise.
 *
 * Negatives are rewrites of the SAME source that keep its facts (synonym
 * spin in careful mode, whitespace and formatting changes, any generator
 * sample whose edits alter no fact), pooled into every slice: a detector
 * cannot win by measuring how much text changed, since both sides changed.
 * Attacked negatives: the source run through each of the suite's negative
 * attacks, counted in the attack's own slice (when the attack alters no
 * fact). Calibration documents give their fact-preserving rewrites to the
 * calibration split and no positives. A generator that changed nothing
 * gives no sample (an unchanged copy is no rewrite).
 */
export const consistency: TaskBuilder = {
  task: 'consistency',
  *build(ctx, doc) {
    const calibration = ctx.isCalibration(doc);
    for (const v of variantsOf(ctx, doc)) {
      if (v.result.edits.length === 0 || v.result.text === doc.text) {
        ctx.skip('no-edit');
        continue;
      }
      const factAltered = altersFact(v.result.edits);
      if (factAltered && calibration) continue;
      yield sampleFrom('consistency', doc, v, {
        label: factAltered ? 1 : 0,
        role: factAltered ? 'positive' : 'pooled-negative',
        split: calibration ? 'calibration' : 'test',
        source: doc.text,
        ...(factAltered ? {} : { meta: { why: 'fact-preserving-rewrite' } }),
      });
    }
    if (calibration) return;
    for (const v of attacksOn(ctx, doc)) {
      if (v.result.edits.length === 0 || v.result.text === doc.text) {
        ctx.skip('no-edit');
        continue;
      }
      if (altersFact(v.result.edits)) {
        ctx.skip('attack-altered-fact');
        continue;
      }
      yield sampleFrom('consistency', doc, v, { id: attackedId('consistency', doc, v), label: 0, role: 'negative', source: doc.text, meta: { why: 'attacked-source' } });
    }
  },
};
