import type { Edit, Sample, Span } from '../../core/types.js';
import { sampleId, type TaskBuilder } from './contract.js';
import { sampleMeta } from './meta.js';

/**
 * spans: where are the edits? Items are (source, candidate) pairs made by
 * the suite's generators; a detector answers with code-point spans in the
 * candidate, scored PAN-style against `truthSpans` (harness/spans-score.ts).
 * Every sample is a positive (it has edits whose output covers at least one
 * character; a pure deletion leaves nothing to point at). Calibration
 * documents give no sample: the task has no negatives to calibrate on.
 */
export const spans: TaskBuilder = {
  task: 'spans',
  *build(ctx, doc) {
    if (ctx.isCalibration(doc)) return;
    for (const gen of ctx.generators) {
      for (const intensity of gen.spec.intensities) {
        for (let i = 0; i < ctx.suite.samplesPerSource; i++) {
          const r = ctx.perturb(gen, doc, intensity, i);
          if (truthSpans(r.edits).length === 0) {
            ctx.skip('no-edit');
            continue;
          }
          yield {
            id: sampleId('spans', doc.id, gen.key, intensity, i),
            task: 'spans',
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
  },
};

/** Ground truth of the spans task: the output spans of the edits that left characters in the candidate. */
export function truthSpans(edits: readonly Edit[]): Span[] {
  return edits.filter((e) => e.outputSpan[1] > e.outputSpan[0]).map((e) => e.outputSpan);
}
