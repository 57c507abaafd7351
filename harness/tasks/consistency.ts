import type { Sample } from '../../core/types.js';
import { altersFact } from '../../core/edits.js';
import { sampleId, type TaskBuilder } from './contract.js';
import { sampleMeta } from './meta.js';

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
    for (const gen of ctx.generators) {
      for (const intensity of gen.spec.intensities) {
        for (let i = 0; i < ctx.suite.samplesPerSource; i++) {
          const r = ctx.perturb(gen, doc, intensity, i);
          if (r.edits.length === 0 || r.text === doc.text) {
            ctx.skip('no-edit');
            continue;
          }
          const factAltered = altersFact(r.edits);
          if (factAltered && calibration) continue;
          const meta = sampleMeta(gen, r.edits);
          yield {
            id: sampleId('consistency', doc.id, gen.key, intensity, i),
            task: 'consistency',
            sourceId: doc.id,
            generator: gen.key,
            intensity,
            realizedIntensity: r.realizedIntensity,
            seed: r.seed,
            text: r.text,
            source: doc.text,
            label: factAltered ? 1 : 0,
            factAltered,
            edits: r.edits,
            split: calibration ? 'calibration' : 'test',
            role: factAltered ? 'positive' : 'pooled-negative',
            meta: factAltered ? meta : { ...meta, why: 'fact-preserving-rewrite' },
          } satisfies Sample;
        }
      }
    }
    if (calibration) return;
    for (const attack of ctx.negativeAttacks) {
      const intensity = attack.spec.intensities[0];
      const r = ctx.perturb(attack, doc, intensity, 0);
      if (r.edits.length === 0 || r.text === doc.text) {
        ctx.skip('no-edit');
        continue;
      }
      if (altersFact(r.edits)) {
        ctx.skip('attack-altered-fact');
        continue;
      }
      yield {
        id: `consistency/${doc.id}/negative:${attack.key}/${intensity}/0`,
        task: 'consistency',
        sourceId: doc.id,
        generator: attack.key,
        intensity,
        realizedIntensity: r.realizedIntensity,
        seed: r.seed,
        text: r.text,
        source: doc.text,
        label: 0,
        factAltered: false,
        edits: r.edits,
        split: 'test',
        role: 'negative',
        meta: { ...sampleMeta(attack, r.edits), why: 'attacked-source' },
      } satisfies Sample;
    }
  },
};
