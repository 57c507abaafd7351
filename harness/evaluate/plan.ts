/**
 * Power before a run (`gauntlet plan`): from a built dataset's slices alone,
 * the smallest change each gated slice's paired test can detect, and how
 * many documents a suite needs to detect a target change. No scores exist
 * yet, so the discordant share is assumed (stats/power.ts: max(2 d, 0.05)).
 */
import { readJsonLines } from '../../core/io.js';
import type { Sample } from '../../core/types.js';
import { sampleInfo, type SampleInfo } from '../store/run-data.js';
import { samplesPath } from '../store/dataset-dir.js';
import { buildSlices, sliceIdentity, type SliceIdentity } from './slices.js';
import { inScope, type Rule } from './rules.js';
import { documentsNeeded, minimumDetectableChange, type DetectableChange, type DocumentsNeeded } from './stats/index.js';

/** One gated slice's size and power. */
export interface PlanRow extends SliceIdentity {
  positives: number;
  negatives: number;
  /** Distinct source documents in the slice (the bootstrap's clusters). */
  documents: number;
  /** Minimum detectable change in recall / TPR (pairs = positives), discordance assumed. */
  recall: DetectableChange | null;
  /** Same for FPR (pairs = negatives). */
  fpr: DetectableChange | null;
  /** Test documents needed to detect the target change in recall; null without a target. */
  needed: (DocumentsNeeded & { positivesPerDocument: number }) | null;
}

/** What `plan` reports: the rows and the target. */
export interface Plan {
  /** The target change (--mde), if any. */
  mde: number | null;
  alpha: number;
  power: number;
  rows: PlanRow[];
}

/** Reads a dataset's samples (test and calibration) as the metrics see them. */
export async function readSampleInfos(datasetDir: string): Promise<SampleInfo[]> {
  const out: SampleInfo[] = [];
  const file = samplesPath(datasetDir);
  for await (const { value, line } of readJsonLines<Partial<Sample>>(file)) out.push(sampleInfo(value, `${file}:${line}`));
  return out;
}

/**
 * The plan of a dataset: every slice, or those some rule selects (a rule's
 * `detector=` filter is ignored: there are no detectors before a run), with
 * sizes, minimum detectable changes at 80% power and alpha 0.05, and the
 * documents needed for `mde` at the slice's positives per document.
 */
export function planSlices(samples: readonly SampleInfo[], options: { rules?: readonly Rule[]; mde?: number } = {}): Plan {
  const rules = (options.rules ?? []).map((r) => ({ ...r, where: r.where.filter(([key]) => key !== 'detector') }));
  const rows: PlanRow[] = [];
  for (const def of buildSlices(samples)) {
    if (def.task === 'spans') continue; // scored by character overlap: no paired test on decisions
    const identity = { ...sliceIdentity(def), detector: '' };
    if (rules.length > 0 && !rules.some((r) => inScope(r, identity))) continue;
    let positives = 0;
    const documents = new Set<string>();
    for (const i of def.members) {
      positives += samples[i].label;
      documents.add(samples[i].sourceId);
    }
    const negatives = def.members.length - positives;
    const perDocument = documents.size > 0 ? positives / documents.size : 0;
    rows.push({
      ...sliceIdentity(def),
      positives,
      negatives,
      documents: documents.size,
      recall: positives > 0 ? minimumDetectableChange({ n: positives }) : null,
      fpr: negatives > 0 ? minimumDetectableChange({ n: negatives }) : null,
      needed: options.mde !== undefined && perDocument > 0 ? { ...documentsNeeded({ mde: options.mde, positivesPerDocument: perDocument }), positivesPerDocument: perDocument } : null,
    });
  }
  return { mde: options.mde ?? null, alpha: 0.05, power: 0.8, rows };
}
