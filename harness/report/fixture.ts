/**
 * Small run directories for tests: a dataset (samples.jsonl, manifest.json)
 * and a run (run.json, scores.jsonl) written to a temporary folder. Test
 * support only; nothing in the product imports it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run, Sample, ScoreRecord, ThresholdPolicy } from '../../core/types.js';
import { createRng } from '../../core/rng.js';

export interface FixtureOptions {
  /** Score function per detector: higher for positives when `skill` > 0. */
  detectors?: Array<{ name: string; skill: number; errorEvery?: number; labels?: boolean }>;
  threshold?: ThresholdPolicy;
  sources?: number;
  /** Generator name of the first attack (hostile names for escaping tests). */
  generatorName?: string;
  /** Text of every positive (hostile text for escaping tests). */
  text?: string;
  datasetHash?: string;
  seed?: string;
}

export interface Fixture {
  root: string;
  runDir: string;
  datasetDir: string;
  samples: Sample[];
  scores: ScoreRecord[];
}

const created: string[] = [];

/** Removes every fixture directory made so far (call from afterAll). */
export function removeFixtures(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Writes a run of `detectors` over a tamper + consistency + reuse + spans dataset. */
export function writeFixtureRun(options: FixtureOptions = {}): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-report-'));
  created.push(root);
  const datasetDir = join(root, 'dataset');
  const runDir = join(root, 'runs', 'r1');
  mkdirSync(datasetDir, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const sources = options.sources ?? 6;
  const spin = options.generatorName ?? 'synonym-spin';
  const samples: Sample[] = [];
  const add = (s: Partial<Sample> & Pick<Sample, 'id' | 'task' | 'sourceId' | 'label' | 'role'>) =>
    samples.push({
      generator: 'none',
      intensity: 0,
      realizedIntensity: 0,
      seed: '0',
      text: options.text ?? `text of ${s.id}`,
      factAltered: false,
      edits: [],
      split: 'test',
      ...s,
    } as Sample);
  for (let d = 0; d < sources; d++) {
    const src = `doc${d}`;
    const text = options.text ?? `The quick brown fox ${d} jumps.`;
    add({ id: `tamper/${src}/clean`, task: 'tamper', sourceId: src, label: 0, role: 'pooled-negative', meta: { why: 'clean' } });
    for (const intensity of [0.2, 0.4]) {
      add({
        id: `tamper/${src}/${spin}/${intensity}/0`,
        task: 'tamper',
        sourceId: src,
        generator: spin,
        intensity,
        label: 1,
        role: 'positive',
        text,
        // One edit whose spans slice both texts exactly: source "quick" became text[4..9).
        edits: [{ kind: 'synonym', sourceSpan: [4, 9], outputSpan: [4, 9], before: 'quick', after: Array.from(text).slice(4, 9).join('') }],
        meta: { family: 'observed' },
      });
    }
    add({ id: `tamper/${src}/homoglyph/0.5/0`, task: 'tamper', sourceId: src, generator: 'homoglyph', intensity: 0.5, label: 1, role: 'positive', meta: { family: 'character' } });
    add({ id: `consistency/${src}/clean`, task: 'consistency', sourceId: src, label: 0, role: 'pooled-negative', source: 'source text' });
    add({ id: `consistency/${src}/fact-swap/0.3/0`, task: 'consistency', sourceId: src, generator: 'fact-swap', intensity: 0.3, label: 1, role: 'positive', source: 'source text', meta: { family: 'fact', factTypes: d % 2 ? 'number,person' : 'date' } });
    add({ id: `reuse/${src}/spin/0.4/0`, task: 'reuse', sourceId: src, generator: 'synonym-spin', intensity: 0.4, label: 1, role: 'positive', source: 's', meta: { family: 'observed' } });
    add({ id: `reuse/${src}/spin/0.4/neg`, task: 'reuse', sourceId: `other${d}`, generator: 'synonym-spin', intensity: 0.4, label: 0, role: 'negative', source: 's', meta: { family: 'observed', why: 'attacked nearest passage' } });
    add({
      id: `spans/${src}/${spin}/0.4/0`,
      task: 'spans',
      sourceId: src,
      generator: spin,
      intensity: 0.4,
      label: 1,
      role: 'positive',
      text,
      source: 'The quick brown fox.',
      edits: [{ kind: 'synonym', sourceSpan: [4, 9], outputSpan: [4, 9], before: 'quick', after: Array.from(text).slice(4, 9).join('') }],
      meta: { family: 'observed' },
    });
    add({ id: `reuse/${src}/nearest`, task: 'reuse', sourceId: `other${d}`, label: 0, role: 'pooled-negative', source: 's' });
  }
  for (let c = 0; c < 20; c++) {
    for (const task of ['tamper', 'consistency', 'reuse'] as const) {
      add({ id: `${task}/cal${c}/clean`, task, sourceId: `cal${c}`, label: 0, role: 'pooled-negative', split: 'calibration' });
    }
  }
  const detectors = options.detectors ?? [{ name: 'det-a', skill: 1 }];
  const rng = createRng(options.seed ?? 'fixture');
  const scores: ScoreRecord[] = [];
  for (const det of detectors) {
    samples.forEach((s, k) => {
      if (det.errorEvery && k % det.errorEvery === det.errorEvery - 1) {
        scores.push({ sampleId: s.id, detector: det.name, error: 'timeout' });
        return;
      }
      if (s.task === 'spans') {
        // A skilled detector finds the edit, sometimes in two pieces; a weak one points elsewhere.
        const found = rng() < Math.min(1, det.skill / 2);
        scores.push({ sampleId: s.id, detector: det.name, spans: found ? (rng() < 0.3 ? [[4, 6], [6, 9]] : [[3, 9]]) : [[10, 14]] });
        return;
      }
      // Quantised scores so ties occur, as they do with real detectors.
      const score = Math.round((rng() + det.skill * s.label * 0.6 + s.intensity * 0.2) * 20) / 20;
      scores.push({ sampleId: s.id, detector: det.name, score, ...(det.labels ? { label: score >= 0.8 ? 1 : 0 } : {}) });
    });
  }
  const hash = options.datasetHash ?? 'f'.repeat(64);
  writeFileSync(join(datasetDir, 'samples.jsonl'), samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
  writeFileSync(join(datasetDir, 'manifest.json'), JSON.stringify({ toolVersion: '0.1.0', suite: { name: 'fixture' }, hash, counts: {} }));
  const run: Run = {
    id: 'r1',
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: '0.1.0',
    command: 'gauntlet run --suite fixture',
    datasetHash: hash,
    datasetDir: '../../dataset',
    suite: 'fixture',
    detectors: detectors.map((d) => ({ name: d.name, version: '1.0.0', hash: `hash-${d.name}`, tasks: ['tamper', 'consistency', 'reuse', 'spans'] })),
    threshold: options.threshold ?? { kind: 'fpr', target: 0.05 },
    status: 'complete',
  };
  writeFileSync(join(runDir, 'run.json'), JSON.stringify(run, null, 2));
  writeFileSync(join(runDir, 'scores.jsonl'), scores.map((s) => JSON.stringify(s)).join('\n') + '\n');
  return { root, runDir, datasetDir, samples, scores };
}
