import type { CorpusView, CostEstimate, Edit, GenerateResult, Generator, GeneratorRuntime, Params, ParamValue } from '../core/types.js';
import { withLazyEdits } from '../core/edits.js';
import { composeEdits } from '../core/compose.js';
import { deriveSeed } from '../core/rng.js';
import { usageError } from '../core/errors.js';
import { findPreset, loadGenerator } from './registry.js';

/** One step of a chain; `intensity` undefined means "the intensity the chain is run at". */
export interface ChainStep {
  generator: string;
  intensity?: number;
  params?: Record<string, ParamValue>;
}

/**
 * Parses a chain: `a+b`, `a:0.3+b:0.1` or `a:0.3,b:0.1`. A preset name
 * expands to its steps.
 */
export function parseChain(spec: string): ChainStep[] {
  const steps: ChainStep[] = [];
  for (const raw of spec.split(/[+,]/)) {
    const part = raw.trim();
    if (part === '') throw usageError(`empty step in generator chain "${spec}"`);
    const [name, level, ...rest] = part.split(':');
    if (rest.length > 0) throw usageError(`bad chain step "${part}" (expected name or name:intensity)`);
    const preset = findPreset(name);
    if (preset) {
      // `preset:0.3` sets the intensity of the preset's free steps (those without their own).
      const free = level === undefined ? undefined : parseIntensity(level, part);
      for (const s of preset.steps) {
        const step: ChainStep = { generator: s.generator };
        const intensity = s.intensity ?? free;
        if (intensity !== undefined) step.intensity = intensity;
        if (s.params) step.params = { ...s.params };
        steps.push(step);
      }
      continue;
    }
    const step: ChainStep = { generator: name };
    if (level !== undefined) step.intensity = parseIntensity(level, part);
    steps.push(step);
  }
  return steps;
}

export function parseIntensity(value: string, where: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) throw usageError(`intensity must be a number in [0, 1], got "${value}" in ${where}`);
  return x;
}

/** A chain ready to run: generators loaded and prepared. */
export interface LoadedChain {
  name: string;
  steps: Array<ChainStep & { impl: Generator }>;
}

/**
 * Checks chain-wide params against what the chain's generators declare: a
 * param no step declares is a usage error listing the known ones (a typo
 * would otherwise change nothing but the slice's label). `where` prefixes
 * the message, e.g. the suite file and field.
 */
export async function assertKnownParams(spec: string, params: Params | undefined, where?: string): Promise<Generator[]> {
  const impls = await Promise.all(parseChain(spec).map((step) => loadGenerator(step.generator)));
  const known = new Set(impls.flatMap((impl) => Object.keys(impl.params ?? {})));
  for (const key of Object.keys(params ?? {})) {
    if (known.has(key)) continue;
    const list = known.size > 0 ? `known: ${[...known].sort().join(', ')}` : `${spec} takes no parameters`;
    throw usageError(`${where ? `${where}: ` : ''}unknown parameter "${key}" for ${spec} (${list})`);
  }
  return impls;
}

/**
 * Loads and prepares a chain; chain-wide params go to the steps that declare
 * them. `runtime` reaches the steps' `prepare` (generators that wait on I/O).
 */
export async function loadChain(spec: string, params?: Params, where?: string, runtime?: GeneratorRuntime): Promise<LoadedChain> {
  const steps = parseChain(spec);
  const impls = await assertKnownParams(spec, params, where);
  const loaded: LoadedChain['steps'] = [];
  for (const [i, step] of steps.entries()) {
    const impl = impls[i];
    // Chain-wide params apply to the steps that declare them.
    const merged: Record<string, ParamValue> = { ...(step.params ?? {}) };
    for (const [k, v] of Object.entries(params ?? {})) if (impl.params && k in impl.params) merged[k] = v;
    await impl.prepare?.(merged, runtime);
    loaded.push({ ...step, params: merged, impl });
  }
  return { name: spec, steps: loaded };
}

export type ChainOptions = { intensity: number; seed: string; corpus?: CorpusView; documentId?: string };

/** True when a step waits on I/O and must be prefetched before {@link runChain}. */
export function chainWaitsOnIO(chain: LoadedChain): boolean {
  return chain.steps.some((s) => s.impl.prefetch !== undefined);
}

/**
 * Gets the I/O-bound steps of a chain ready for one {@link runChain} call
 * with the same arguments: each such step is prefetched with the text it
 * will see, which means running the steps before it (pure, so they give the
 * same text again in runChain).
 */
export async function prefetchChain(chain: LoadedChain, text: string, options: ChainOptions): Promise<void> {
  let current = text;
  for (const [i, step] of chain.steps.entries()) {
    const stepOptions = { intensity: step.intensity ?? options.intensity, seed: stepSeed(chain, options.seed, i), params: step.params, corpus: options.corpus, documentId: options.documentId };
    if (step.impl.prefetch) await step.impl.prefetch([{ text: current, options: stepOptions }]);
    if (i < chain.steps.length - 1) current = step.impl.generate(current, stepOptions).text;
  }
}

/** What prefetching {@link prefetchChain}'s calls would cost, without making them. */
export function estimateChain(chain: LoadedChain, text: string, options: ChainOptions): CostEstimate {
  const total: CostEstimate = { calls: 0, recorded: 0, inputChars: 0 };
  let current = text;
  for (const [i, step] of chain.steps.entries()) {
    const stepOptions = { intensity: step.intensity ?? options.intensity, seed: stepSeed(chain, options.seed, i), params: step.params, corpus: options.corpus, documentId: options.documentId };
    if (step.impl.estimate) {
      const cost = step.impl.estimate([{ text: current, options: stepOptions }]);
      total.calls += cost.calls;
      total.recorded += cost.recorded;
      total.inputChars += cost.inputChars;
      // What follows an I/O step depends on answers not fetched yet: stop here.
      break;
    }
    if (i < chain.steps.length - 1) current = step.impl.generate(current, stepOptions).text;
  }
  return total;
}

function stepSeed(chain: LoadedChain, seed: string, i: number): string {
  return chain.steps.length === 1 ? seed : deriveSeed(seed, i, chain.steps[i].generator);
}

/**
 * Runs the steps left to right and composes their edits, so the result's
 * spans point into the original text and the final output. The requested
 * and realized intensity reported are those of the first step that runs at
 * the chain's intensity (or of the last step when all are fixed).
 */
export function runChain(
  chain: LoadedChain,
  text: string,
  options: ChainOptions,
): GenerateResult {
  let current = text;
  let headline: GenerateResult | undefined;
  // The edits so far, composed into spans over `text`, built only when read (a lone step's may never be).
  let editsSoFar: (() => Edit[]) | undefined;
  const notes: string[] = [];
  let failure: string | undefined;
  chain.steps.forEach((step, i) => {
    const intensity = step.intensity ?? options.intensity;
    const seed = stepSeed(chain, options.seed, i);
    const r = step.impl.generate(current, { intensity, seed, params: step.params, corpus: options.corpus, documentId: options.documentId });
    if (r.failure !== undefined) failure ??= r.failure;
    const own = (): Edit[] => {
      for (const e of r.edits) e.generator ??= step.generator;
      return r.edits;
    };
    if (r.note) notes.push(`${step.generator}: ${r.note}`);
    if (headline === undefined && (step.intensity === undefined || i === chain.steps.length - 1)) headline = r;
    if (editsSoFar === undefined) editsSoFar = own;
    else {
      const composed = composeEdits(text, r.text, editsSoFar(), own());
      editsSoFar = () => composed;
    }
    current = r.text;
  });
  if (!editsSoFar || !headline) throw usageError('empty generator chain');
  const order = chain.steps.map((s) => s.generator);
  const edits = editsSoFar;
  const out = withLazyEdits(
    {
      text: current,
      edits: [] as Edit[],
      requestedIntensity: headline.requestedIntensity,
      realizedIntensity: headline.realizedIntensity,
      eligible: headline.eligible,
    } as GenerateResult,
    () => {
      const all = edits();
      // A merged edit names its generators in chain order, whatever order the text put them in.
      for (const e of all) {
        if (e.generator?.includes('+')) e.generator = e.generator.split('+').sort((a, b) => order.indexOf(a) - order.indexOf(b)).join('+');
      }
      return all;
    },
  );
  if (notes.length > 0) out.note = notes.join('; ');
  if (failure !== undefined) out.failure = failure;
  return out;
}
