import type { Sample } from '../../core/types.js';
import { sampleId, type TaskBuilder } from './contract.js';
import { sampleMeta } from './meta.js';

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
      yield {
        id: sampleId('reuse', doc.id, 'none', 0, 0),
        task: 'reuse',
        sourceId: doc.id,
        generator: 'none',
        intensity: 0,
        realizedIntensity: 0,
        seed: '',
        text: neighbour.text,
        source: doc.text,
        label: 0,
        factAltered: false,
        edits: [],
        split: calibration ? 'calibration' : 'test',
        role: 'pooled-negative',
        meta: { why: 'nearest-passage', candidateId: neighbour.id },
      } satisfies Sample;
    }
    if (calibration) return;
    for (const gen of ctx.generators) {
      for (const intensity of gen.spec.intensities) {
        for (let i = 0; i < ctx.suite.samplesPerSource; i++) {
          const r = ctx.perturb(gen, doc, intensity, i);
          yield {
            id: sampleId('reuse', doc.id, gen.key, intensity, i),
            task: 'reuse',
            sourceId: doc.id,
            generator: gen.key,
            intensity,
            realizedIntensity: r.realizedIntensity,
            seed: r.seed,
            text: r.text,
            source: doc.text,
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
    if (!neighbour) return;
    for (const attack of ctx.negativeAttacks) {
      const intensity = attack.spec.intensities[0];
      const r = ctx.perturb(attack, neighbour, intensity, 0);
      yield {
        id: `reuse/${doc.id}/negative:${attack.key}/${intensity}/0`,
        task: 'reuse',
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
        meta: { ...sampleMeta(attack, r.edits), why: 'attacked-nearest-passage', candidateId: neighbour.id },
      } satisfies Sample;
    }
  },
};
