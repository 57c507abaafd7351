import type { Sample } from '../../core/types.js';
import { sampleId, type TaskBuilder } from './contract.js';
import { sampleMeta } from './meta.js';

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
    yield {
      id: sampleId('tamper', doc.id, 'none', 0, 0),
      task: 'tamper',
      sourceId: doc.id,
      generator: 'none',
      intensity: 0,
      realizedIntensity: 0,
      seed: '',
      text: doc.text,
      label: 0,
      factAltered: false,
      edits: [],
      split: calibration ? 'calibration' : 'test',
      role: 'pooled-negative',
      meta: { why: 'clean-passage' },
    } satisfies Sample;
    if (calibration) return;
    for (const gen of ctx.generators) {
      for (const intensity of gen.spec.intensities) {
        for (let i = 0; i < ctx.suite.samplesPerSource; i++) {
          const r = ctx.perturb(gen, doc, intensity, i);
          if (r.edits.length === 0) {
            ctx.skip('no-edit');
            continue;
          }
          yield {
            id: sampleId('tamper', doc.id, gen.key, intensity, i),
            task: 'tamper',
            sourceId: doc.id,
            generator: gen.key,
            intensity,
            realizedIntensity: r.realizedIntensity,
            seed: r.seed,
            text: r.text,
            label: 1,
            factAltered: r.edits.some((e) => e.factType !== undefined),
            edits: r.edits,
            split: 'test',
            role: 'positive',
            meta: sampleMeta(gen, r.edits),
          } satisfies Sample;
        }
      }
    }
  },
};
