import type { CorpusView, CostEstimate, Document, GeneratorFamily, GeneratorRuntime, Task } from '../../core/types.js';
import type { DatasetManifest } from '../store/dataset-dir.js';
import { deriveSeed } from '../../core/rng.js';
import { findGenerator, findPreset } from '../../generators/registry.js';
import { chainWaitsOnIO, estimateChain, loadChain, parseChain, prefetchChain, runChain, type ChainOptions } from '../../generators/chain.js';
import { TASK_BUILDERS } from './tasks/index.js';
import type { ResolvedGenerator, TaskBuildContext, TaskBuilder } from './tasks/contract.js';
import { generatorKey, type ValidSuite } from './suite.js';

export { generatorKey } from './suite.js';

/** What one document adds to the manifest's counts (its lines are streamed: {@link DocumentBuilder.lines}). */
export interface DocumentCounts {
  samples: number;
  byTask: Record<string, number>;
  calibration: number;
  skipped: Record<string, number>;
}

/**
 * Generator outputs kept per document for the tasks after the first, in
 * estimated bytes (UTF-16 text plus ~200 bytes per edit). Past it a later
 * task runs the generator again (same seed, same output): a document's
 * memory stays flat however many samples and intensities the suite asks for.
 */
export const PERTURB_CACHE_BYTES = 32 * 1024 * 1024;

function resultBytes(result: { text: string; edits: readonly unknown[] }): number {
  return result.text.length * 2 + result.edits.length * 200;
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
  /** How generators that wait on I/O run (offline, cassette, concurrency); changes no byte. */
  runtime?: GeneratorRuntime;
}

/** True when a generator or attack of the suite waits on I/O: such a build runs on the main thread, its concurrency in the requests. */
export function suiteWaitsOnIO(suite: ValidSuite): boolean {
  const names = [...suite.generators, ...suite.negativeAttacks].flatMap((g) => parseChain(g.name).map((s) => s.generator));
  return names.some((n) => findGenerator(n)?.waitsOnIO === true);
}

/** Documents whose I/O-bound outputs are fetched ahead of the one being built. */
const PREFETCH_AHEAD = 8;

function familyOf(name: string): GeneratorFamily {
  const first = parseChain(name)[0]?.generator ?? name;
  return findPreset(name)?.family ?? findGenerator(first)?.family ?? 'utility';
}

async function resolveGenerator(spec: ResolvedGenerator['spec'], runtime?: GeneratorRuntime): Promise<ResolvedGenerator> {
  const chain = await loadChain(spec.name, spec.params, undefined, runtime);
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
    private readonly perturbCache: PerturbCache,
    private readonly skipped: Record<string, number>,
    readonly generators: readonly ResolvedGenerator[],
    private readonly attacks: readonly ResolvedGenerator[],
    private readonly plan: BuildPlan,
  ) {}

  /** Prefetches in flight, by position in the build's document list. */
  private readonly ahead = new Map<number, Promise<void>>();

  static async create(plan: BuildPlan): Promise<DocumentBuilder> {
    const { suite } = plan;
    const generators = await Promise.all(suite.generators.map((g) => resolveGenerator(g, plan.runtime)));
    const attacks = await Promise.all(suite.negativeAttacks.map((a) => resolveGenerator({ ...a, intensities: [a.intensity] }, plan.runtime)));
    const view: CorpusView = { documents: plan.corpus };
    const perturbCache = new PerturbCache();
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
        // Outputs fetched from an endpoint are always kept: running them again may cost a call.
        perturbCache.add(key, result, chainWaitsOnIO(gen.chain));
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
    return new DocumentBuilder(builders, perturbCache, skipped, generators, attacks, plan);
  }

  /**
   * Gets the outputs of I/O-bound generators ready for `docs[n]` (and starts
   * those of the next few documents, so requests overlap while the build
   * stays in document order); resolves at once when no generator waits on I/O.
   */
  async prefetch(docs: readonly Document[], n: number): Promise<void> {
    const io = [...this.generators, ...this.attacks].filter((g) => chainWaitsOnIO(g.chain));
    if (io.length === 0) return;
    for (let k = n; k < Math.min(docs.length, n + PREFETCH_AHEAD); k++) {
      if (this.ahead.has(k)) continue;
      const pending = this.prefetchDoc(docs[k]);
      // A failure surfaces when its document's turn comes.
      pending.catch(() => undefined);
      this.ahead.set(k, pending);
    }
    const mine = this.ahead.get(n);
    this.ahead.delete(n);
    await mine;
  }

  /** Starts fetching every I/O-bound output the task builders will ask for this document. */
  private prefetchDoc(doc: Document): Promise<void> {
    const jobs: Array<Promise<void>> = [];
    this.forEachIoRequest(doc, (chain, text, options) => jobs.push(prefetchChain(chain, text, options)));
    return Promise.all(jobs).then(() => undefined);
  }

  /** What fetching the I/O-bound outputs of these documents would cost (calls, recorded ones, characters to send), without a call. */
  estimate(docs: readonly Document[]): CostEstimate {
    const total: CostEstimate = { calls: 0, recorded: 0, inputChars: 0 };
    for (const doc of docs) {
      this.forEachIoRequest(doc, (chain, text, options) => {
        const cost = estimateChain(chain, text, options);
        total.calls += cost.calls;
        total.recorded += cost.recorded;
        total.inputChars += cost.inputChars;
      });
    }
    return total;
  }

  /** Every I/O-bound chain run the task builders will ask for this document, mirroring tasks/variants.ts. */
  private forEachIoRequest(doc: Document, visit: (chain: ResolvedGenerator['chain'], text: string, options: ChainOptions) => void): void {
    const { suite, calibrationIds } = this.plan;
    const calibration = calibrationIds.has(doc.id);
    const view: CorpusView = { documents: this.plan.corpus };
    const run = (gen: ResolvedGenerator, target: Document, intensity: number, index: number) => {
      const seed = deriveSeed(suite.seed, target.id, gen.key, index);
      visit(gen.chain, target.text, { intensity, seed, corpus: view, documentId: target.id });
    };
    for (const gen of this.generators) {
      if (!chainWaitsOnIO(gen.chain)) continue;
      // Calibration documents give only consistency their rewrites (fact-preserving negatives).
      const tasks = (gen.spec.tasks ?? suite.tasks).filter((t) => !calibration || t === 'consistency');
      if (tasks.length === 0) continue;
      for (const intensity of gen.spec.intensities) for (let i = 0; i < suite.samplesPerSource; i++) run(gen, doc, intensity, i);
    }
    if (!calibration) {
      for (const gen of this.attacks) {
        if (!chainWaitsOnIO(gen.chain)) continue;
        const tasks = gen.spec.tasks ?? suite.tasks;
        if (tasks.includes('consistency')) run(gen, doc, gen.spec.intensities[0], 0);
        const neighbour = tasks.includes('reuse') ? this.plan.nearest(doc) : undefined;
        if (neighbour) run(gen, neighbour, gen.spec.intensities[0], 0);
      }
    }
  }

  /** True when a generator of the suite waits on I/O (its outputs are prefetched and may cost calls). */
  get waitsOnIO(): boolean {
    return [...this.generators, ...this.attacks].some((g) => chainWaitsOnIO(g.chain));
  }

  /** The manifest's generator entries, with what I/O-bound generators report about how they made their outputs. */
  describe(entries: DatasetManifest['generators']): DatasetManifest['generators'] {
    return entries.map((entry) => {
      const gen = this.generators.find((g) => g.key === entry.key);
      const provenance = Object.assign({}, ...(gen?.chain.steps ?? []).map((s) => s.impl.provenance?.(s.params) ?? {})) as Record<string, string>;
      return Object.keys(provenance).length === 0 ? entry : { ...entry, provenance };
    });
  }

  /**
   * Streams one document's samples for every task of the suite, one JSONL
   * line at a time as each is produced (task, then generator, intensity and
   * draw), and returns the document's counts once every line is taken.
   */
  *lines(doc: Document): Generator<string, DocumentCounts, undefined> {
    const counts: DocumentCounts = { samples: 0, byTask: {}, calibration: 0, skipped: {} };
    try {
      for (const { task, builder, ctx } of this.builders) {
        for (const sample of builder.build(ctx, doc)) {
          counts.samples++;
          counts.byTask[task] = (counts.byTask[task] ?? 0) + 1;
          if (sample.split === 'calibration') counts.calibration++;
          yield `${JSON.stringify(sample)}\n`;
        }
      }
      Object.assign(counts.skipped, this.skipped);
      return counts;
    } finally {
      // Generator outputs are shared by the tasks of one document only: memory stays flat.
      this.perturbCache.clear();
      for (const k of Object.keys(this.skipped)) delete this.skipped[k];
    }
  }
}

/** A document's generator outputs, kept up to {@link PERTURB_CACHE_BYTES} (the first ones asked for: every task asks in the same order). */
class PerturbCache {
  private readonly entries = new Map<string, ReturnType<TaskBuildContext['perturb']>>();
  private bytes = 0;

  get(key: string): ReturnType<TaskBuildContext['perturb']> | undefined {
    return this.entries.get(key);
  }

  add(key: string, result: ReturnType<TaskBuildContext['perturb']>, always: boolean): void {
    const size = resultBytes(result);
    if (!always && this.bytes + size > PERTURB_CACHE_BYTES) return;
    this.entries.set(key, result);
    this.bytes += size;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
