import type { Edit, Span } from '../../../core/types.js';
import { type TaskBuilder } from './contract.js';
import { sampleFrom, variantsOf } from './variants.js';

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
    for (const v of variantsOf(ctx, doc)) {
      if (truthSpans(v.result.edits).length === 0) {
        ctx.skip('no-edit');
        continue;
      }
      yield sampleFrom('spans', doc, v, { label: 1, role: 'positive', source: doc.text });
    }
  },
};

/**
 * Ground truth of the spans task: the output spans of the edits that left
 * characters in the candidate. `normalize` edits (mlm-regen's case folding
 * and re-spacing, applied to the whole text) are not where a text was
 * tampered, so they mark no span.
 */
export function truthSpans(edits: readonly Edit[]): Span[] {
  return edits.filter((e) => e.outputSpan[1] > e.outputSpan[0] && e.kind !== 'normalize').map((e) => e.outputSpan);
}
