import type { CorpusView, Document, GenerateResult, GeneratorFamily, GeneratorSpec, Sample, Suite, Task } from '../../../core/types.js';
import type { LoadedChain } from '../../../generators/chain.js';

/** A suite's generator entry, loaded and ready to run. */
export interface ResolvedGenerator {
  /** Slice name: `spec.label`, or the name plus its params (`synonym-spin[mode=careful]`). */
  key: string;
  spec: GeneratorSpec;
  chain: LoadedChain;
  family: GeneratorFamily;
}

/** What a task builder gets from the dataset builder. */
export interface TaskBuildContext {
  suite: Suite;
  documents: readonly Document[];
  corpus: CorpusView;
  /** Generators of the suite that feed this task. */
  generators: readonly ResolvedGenerator[];
  /** Attacks the suite applies to negatives (reuse, consistency). */
  negativeAttacks: readonly ResolvedGenerator[];
  /**
   * Runs a generator on a document. The seed derives from (suite seed,
   * source id, generator key, sample index), never from the intensity, so
   * intensities nest and adding a generator or source changes no other sample.
   */
  perturb(generator: ResolvedGenerator, doc: Document, intensity: number, sampleIndex: number): GenerateResult & { seed: string };
  /** The topically nearest other passage (TF-IDF cosine), for hard negatives. */
  nearest(doc: Document): Document | undefined;
  /** True for documents whose clean negatives form the calibration split. */
  isCalibration(doc: Document): boolean;
  /** Records a sample not built, with why (e.g. `no-edit`: the generator found nothing to change); counted in the manifest. */
  skip(reason: string): void;
}

/**
 * Builds one task's samples for ONE source document (the dataset builder
 * walks documents in order and calls every task's builder per document, so
 * generator outputs are shared between tasks and memory stays flat; a shard
 * is a set of documents). Sample ids must be stable and unique:
 * `${task}/${sourceId}/${generatorKey}/${intensity}/${sampleIndex}` (negatives
 * use their own readable key). Labels derive from edits and construction,
 * never by hand.
 */
export interface TaskBuilder {
  task: Task;
  build(context: TaskBuildContext, doc: Document): Iterable<Sample>;
}

export function sampleId(task: Task, sourceId: string, generatorKey: string, intensity: number, index: number): string {
  return `${task}/${sourceId}/${generatorKey}/${intensity}/${index}`;
}
