import { describe, expect, it } from 'vitest';
import type { Document, GeneratorFamily, Sample, Suite } from '../../../core/types.js';
import { deriveSeed } from '../../../core/rng.js';
import { sliceCodePoints } from '../../../core/text.js';
import { loadChain, runChain } from '../../../generators/chain.js';
import type { ResolvedGenerator, TaskBuildContext } from './contract.js';
import { consistency } from './consistency.js';
import { spans, truthSpans } from './spans.js';

const docs: Document[] = [
  { id: 'd1', text: 'Lighthizer said Monday\nthat Canada and Mexico  want 85 percent. He is hopeful.' },
  { id: 'd2', text: 'the sky\nand the sea' },
  { id: 'd3', text: 'Smith told Jones on Friday\nthat 40 ships had left Boston.' },
];

async function resolved(name: string, intensities: number[], family: GeneratorFamily, params?: Record<string, string>): Promise<ResolvedGenerator> {
  return { key: name, spec: { name, intensities, params }, chain: await loadChain(name, params), family };
}

async function context(calibration: ReadonlySet<string> = new Set()): Promise<TaskBuildContext & { skipped: string[] }> {
  const generators = [await resolved('fact-swap', [0.3, 1], 'fact'), await resolved('flatten-whitespace', [1], 'format')];
  const skipped: string[] = [];
  const suite = { name: 't', seed: 5, tasks: ['consistency', 'spans'], generators: [], samplesPerSource: 2, calibrationShare: 0, corpus: { kind: 'embedded' } } as Suite;
  return {
    suite,
    documents: docs,
    corpus: { documents: docs },
    generators,
    negativeAttacks: [await resolved('mojibake', [1], 'character')],
    perturb(gen, doc, intensity, i) {
      const seed = deriveSeed(suite.seed, doc.id, gen.key, i);
      return { ...runChain(gen.chain, doc.text, { intensity, seed, corpus: { documents: docs }, documentId: doc.id }), seed };
    },
    nearest: () => undefined,
    isCalibration: (doc) => calibration.has(doc.id),
    skip: (reason) => skipped.push(reason),
    skipped,
  };
}

const buildAll = (ctx: TaskBuildContext, builder = consistency): Sample[] => docs.flatMap((d) => [...builder.build(ctx, d)]);

describe('consistency task', () => {
  it('labels from the edit log: fact edits are positives, fact-preserving rewrites pooled negatives', async () => {
    const samples = buildAll(await context());
    const positives = samples.filter((s) => s.label === 1);
    const pooled = samples.filter((s) => s.role === 'pooled-negative');
    expect(positives.length).toBeGreaterThan(0);
    expect(pooled.length).toBeGreaterThan(0);
    for (const s of positives) {
      expect(s.role).toBe('positive');
      expect(s.factAltered).toBe(true);
      expect(s.edits.some((e) => e.factType !== undefined)).toBe(true);
      expect(s.meta?.factTypes).toBe([...new Set(s.edits.map((e) => e.factType))].sort().join(','));
    }
    for (const s of pooled) {
      expect(s.label).toBe(0);
      expect(s.edits.every((e) => e.factType === undefined)).toBe(true);
      expect(s.meta?.why).toBe('fact-preserving-rewrite');
    }
    // Negatives rewrite the same sources the positives come from.
    const positiveSources = new Set(positives.map((s) => s.sourceId));
    expect(pooled.some((s) => positiveSources.has(s.sourceId))).toBe(true);
  });

  it('pairs each candidate with its own source and unique, stable ids', async () => {
    const first = buildAll(await context());
    const again = buildAll(await context());
    expect(again).toEqual(first);
    expect(new Set(first.map((s) => s.id)).size).toBe(first.length);
    for (const s of first) {
      expect(s.source).toBe(docs.find((d) => d.id === s.sourceId)!.text);
      expect(s.text).not.toBe(s.source);
      for (const e of s.edits) expect(sliceCodePoints(s.text, e.outputSpan[0], e.outputSpan[1])).toBe(e.after);
    }
  });

  it('skips a generator that changed nothing, and counts why', async () => {
    const ctx = await context();
    const samples = buildAll(ctx);
    // d2 has no fact: fact-swap changes nothing there.
    expect(samples.some((s) => s.sourceId === 'd2' && s.generator === 'fact-swap')).toBe(false);
    expect(ctx.skipped).toContain('no-edit');
  });

  it('puts attacked sources in the attack slice as negatives', async () => {
    const samples = buildAll(await context());
    const attacked = samples.filter((s) => s.generator === 'mojibake');
    for (const s of attacked) expect(s).toMatchObject({ role: 'negative', label: 0, meta: { why: 'attacked-source' } });
  });

  it('keeps calibration documents to fact-preserving negatives in the calibration split', async () => {
    const samples = buildAll(await context(new Set(['d1'])));
    const fromD1 = samples.filter((s) => s.sourceId === 'd1');
    expect(fromD1.length).toBeGreaterThan(0);
    for (const s of fromD1) expect(s).toMatchObject({ label: 0, split: 'calibration', role: 'pooled-negative' });
  });
});

describe('spans task', () => {
  it('yields positives whose truth is the edits\' non-empty output spans', async () => {
    const samples = buildAll(await context(), spans);
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s).toMatchObject({ task: 'spans', label: 1, role: 'positive' });
      const truth = truthSpans(s.edits);
      expect(truth.length).toBeGreaterThan(0);
      for (const [a, b] of truth) expect(b).toBeGreaterThan(a);
    }
  });

  it('drops empty output spans from the truth', () => {
    const edit = (o: [number, number]) => ({ kind: 'x', sourceSpan: [0, 1] as const, outputSpan: o, before: 'a', after: '' });
    expect(truthSpans([edit([3, 3]), edit([4, 6])])).toEqual([[4, 6]]);
  });
});
