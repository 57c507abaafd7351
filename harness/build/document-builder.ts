import type { CorpusView, Document, GeneratorFamily, Task } from '../../core/types.js';
import { deriveSeed } from '../../core/rng.js';
import { findGenerator, findPreset } from '../../generators/registry.js';
import { loadChain, parseChain, runChain } from '../../generators/chain.js';
import { TASK_BUILDERS } from './tasks/index.js';
import type { ResolvedGenerator, TaskBuildContext, TaskBuilder } from './tasks/contract.js';
import { generatorKey, type ValidSuite } from './suite.js';

export { generatorKey } from './suite.js';

/** What one document contributes to a dataset: its JSONL lines, with the counts the manifest sums. */
export interface DocumentSamples {
  lines: string[];
  byTask: Record<string, number>;
  calibration: number;
  skipped: Record<string, number>;
}

/** The choices made over the whole selection, shared by every worker and shard. */
export interface BuildPlan {
  suite: ValidSuite;
  /** Every corpus document (donors for generators that borrow text). */
  corpus: readonly Document[];
  /** The selected documents, in build order. */
  documents: readonly Document[];
  calibrationIds: ReadonlySet<string>;
  /** Nearest other-article passage of each selected document. */
  nearest(doc: Document): Document | undefined;
}

function familyOf(name: string): GeneratorFamily {
  const first = parseChain(name)[0]?.generator ?? name;
  return findPreset(name)?.family ?? findGenerator(first)?.family ?? 'utility';
}

async function resolveGenerator(spec: ResolvedGenerator['spec']): Promise<ResolvedGenerator> {
  const chain = await loadChain(spec.name, spec.params);
  return { key: generatorKey(spec), spec, chain, family: familyOf(spec.name) };
}

/**
 * Turns one document into its samples for every task of the suite. The main
 * thread and build workers use the same builder, so a multi-threaded build
 * writes the same bytes as a single-threaded one.
 */
export class DocumentBuilder {
  private constructor(
    private readonly builders: Array<{ task: Task; builder: TaskBuilder; ctx: TaskBuildContext }>,
    private readonly perturbCache: Map<string, ReturnType<TaskBuildContext['perturb']>>,
    private readonly skipped: Record<string, number>,
    readonly generators: readonly ResolvedGenerator[],
  ) {}

  static async create(plan: BuildPlan): Promise<DocumentBuilder> {
    const { suite } = plan;
    const generators = await Promise.all(suite.generators.map(resolveGenerator));
    const attacks = await Promise.all(suite.negativeAttacks.map((a) => resolveGenerator({ ...a, intensities: [a.intensity] })));
    const view: CorpusView = { documents: plan.corpus };
    const perturbCache = new Map<string, ReturnType<TaskBuildContext['perturb']>>();
    const skipped: Record<string, number> = {};
    const context = (task: Task): TaskBuildContext => ({
      suite,
      documents: plan.documents,
      corpus: view,
      generators: generators.filter((g) => (g.spec.tasks ?? suite.tasks).includes(task)),
      negativeAttacks: attacks.filter((a) => (a.spec.tasks ?? suite.tasks).includes(task)),
      perturb(gen, doc, intensity, sampleIndex) {
        // Tasks share generator outputs: the tamper and reuse samples of one (doc, generator, intensity, index) are one corruption.
        const key = `${gen.key}\u0000${doc.id}\u0000${intensity}\u0000${sampleIndex}`;
        const hit = perturbCache.get(key);
        if (hit) return hit;
        const seed = deriveSeed(suite.seed, doc.id, gen.key, sampleIndex);
        const result = { ...runChain(gen.chain, doc.text, { intensity, seed, corpus: view, documentId: doc.id }), seed };
        perturbCache.set(key, result);
        return result;
      },
      nearest: (doc) => plan.nearest(doc),
      isCalibration: (doc) => plan.calibrationIds.has(doc.id),
      skip: (reason) => {
        const key = `${task}:${reason}`;
        skipped[key] = (skipped[key] ?? 0) + 1;
      },
    });
    const builders = await Promise.all(suite.tasks.map(async (task) => ({ task, builder: await TASK_BUILDERS[task](), ctx: context(task) })));
    return new DocumentBuilder(builders, perturbCache, skipped, generators);
  }

  build(doc: Document): DocumentSamples {
    const out: DocumentSamples = { lines: [], byTask: {}, calibration: 0, skipped: {} };
    for (const { task, builder, ctx } of this.builders) {
      for (const sample of builder.build(ctx, doc)) {
        out.lines.push(`${JSON.stringify(sample)}\n`);
        out.byTask[task] = (out.byTask[task] ?? 0) + 1;
        if (sample.split === 'calibration') out.calibration++;
      }
    }
    // Generator outputs are shared by the tasks of one document only: memory stays flat.
    this.perturbCache.clear();
    Object.assign(out.skipped, this.skipped);
    for (const k of Object.keys(this.skipped)) delete this.skipped[k];
    return out;
  }
}
