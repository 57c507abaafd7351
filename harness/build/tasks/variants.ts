import type { Document, GenerateResult, Sample, Task } from '../../../core/types.js';
import { altersFact } from '../../../core/edits.js';
import { sampleId, type ResolvedGenerator, type TaskBuildContext } from './contract.js';
import { sampleMeta } from './meta.js';

/** One generator output of a document: the unit every task turns into samples. */
export interface Variant {
  gen: ResolvedGenerator;
  intensity: number;
  index: number;
  result: GenerateResult & { seed: string };
}

/** Every (generator, intensity, sample index) of the document, in suite order; failed outputs are skipped with their reason. */
export function* variantsOf(ctx: TaskBuildContext, doc: Document): Generator<Variant> {
  for (const gen of ctx.generators) {
    for (const intensity of gen.spec.intensities) {
      for (let index = 0; index < ctx.suite.samplesPerSource; index++) {
        const result = ctx.perturb(gen, doc, intensity, index);
        // A generator that failed (an endpoint refused, timed out) made no variant: counted, never passed as one.
        if (result.failure !== undefined) ctx.skip(result.failure);
        else yield { gen, intensity, index, result };
      }
    }
  }
}

/** Each negative attack of the suite applied to `target` (the document itself or its neighbour). */
export function* attacksOn(ctx: TaskBuildContext, target: Document): Generator<Variant> {
  for (const gen of ctx.negativeAttacks) {
    const intensity = gen.spec.intensities[0];
    const result = ctx.perturb(gen, target, intensity, 0);
    if (result.failure !== undefined) ctx.skip(result.failure);
    else yield { gen, intensity, index: 0, result };
  }
}

/** What differs between tasks; the rest of a sample comes from the variant. */
export interface SampleFields {
  label: 0 | 1;
  role: Sample['role'];
  split?: Sample['split'];
  /** The text the candidate is compared to (pair tasks). */
  source?: string;
  /** Overrides the default id (attacked negatives). */
  id?: string;
  meta?: Record<string, string>;
}

/** A sample built from a generator output; key order is fixed, so datasets stay byte-stable. */
export function sampleFrom(task: Task, doc: Document, v: Variant, fields: SampleFields): Sample {
  const sample: Sample = {
    id: fields.id ?? sampleId(task, doc.id, v.gen.key, v.intensity, v.index),
    task,
    sourceId: doc.id,
    generator: v.gen.key,
    intensity: v.intensity,
    realizedIntensity: v.result.realizedIntensity,
    seed: v.result.seed,
    text: v.result.text,
    ...(fields.source !== undefined ? { source: fields.source } : {}),
    label: fields.label,
    factAltered: altersFact(v.result.edits),
    edits: v.result.edits,
    split: fields.split ?? 'test',
    role: fields.role,
    meta: { ...sampleMeta(v.gen, v.result.edits), ...fields.meta },
  };
  return sample;
}

/** Id of an attacked negative: readable, and distinct from the positive of the same generator. */
export function attackedId(task: Task, doc: Document, v: Variant): string {
  return `${task}/${doc.id}/negative:${v.gen.key}/${v.intensity}/${v.index}`;
}

/** A clean pooled negative: no generator, no edit. */
export function cleanSample(task: Task, doc: Document, text: string, fields: { split: Sample['split']; source?: string; why: string; candidateId?: string }): Sample {
  return {
    id: sampleId(task, doc.id, 'none', 0, 0),
    task,
    sourceId: doc.id,
    generator: 'none',
    intensity: 0,
    realizedIntensity: 0,
    seed: '',
    text,
    ...(fields.source !== undefined ? { source: fields.source } : {}),
    label: 0,
    factAltered: false,
    edits: [],
    split: fields.split,
    role: 'pooled-negative',
    meta: { why: fields.why, ...(fields.candidateId !== undefined ? { candidateId: fields.candidateId } : {}) },
  };
}
