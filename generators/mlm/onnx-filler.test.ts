import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitCodeFor, GauntletError } from '../../core/errors.js';
import { sliceCodePoints } from '../../core/text.js';
import { packageRoot } from '../../core/version.js';
import mlm from '../mlm-regen.js';
import { loadOnnxFiller, onnxRuntimeInstalled } from './onnx-filler.js';

/** The committed fixture: a randomly initialised tiny BERT (scripts/make-tiny-bert.py). */
const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tiny-bert');
const original = readFileSync(join(packageRoot(), '..', 'shared', 'observed', 'original.txt'), 'utf8');
const params = { model: fixture };
let scratch: string;


async function usageFailure(path: string): Promise<string> {
  try {
    await loadOnnxFiller(path);
  } catch (error) {
    expect(error).toBeInstanceOf(GauntletError);
    expect(exitCodeFor(error)).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

// onnxruntime-node is optional: a machine installed with --omit=optional skips these, CI must not.
const installed = onnxRuntimeInstalled();
it('is installed wherever CI runs (.ci/run installs optional dependencies)', () => {
  if (process.env.CI) expect(installed, 'onnxruntime-node is not installed: .ci/run must install optional dependencies').toBe(true);
});

describe.runIf(installed)('neural backend (ONNX fixture)', () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'mlm-onnx-'));
    await mlm.prepare!(params);
  }, 180_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('fills masks with the model: every masked word changes, spans slice', () => {
    const r = mlm.generate(original, { intensity: 0.16, seed: '1', params });
    expect(r.note).toContain('onnx:');
    expect(Math.abs(r.realizedIntensity - 0.16)).toBeLessThanOrEqual(1 / r.eligible);
    for (const e of r.edits) {
      expect(sliceCodePoints(original, e.sourceSpan[0], e.sourceSpan[1])).toBe(e.before);
      expect(sliceCodePoints(r.text, e.outputSpan[0], e.outputSpan[1])).toBe(e.after);
      if (e.kind !== 'normalize') expect(e.after.replace(/^##/, '')).not.toBe(e.before.toLowerCase());
    }
  });

  it('is deterministic and nested, in both fill orders', () => {
    for (const order of ['all', 'ltr']) {
      const p = { ...params, order };
      expect(mlm.generate(original, { intensity: 0.2, seed: '4', params: p }).text).toBe(mlm.generate(original, { intensity: 0.2, seed: '4', params: p }).text);
      const fills = (x: number) => mlm.generate(original, { intensity: x, seed: '4', params: p }).edits.filter((e) => e.kind !== 'normalize');
      const low = fills(0.1).map((e) => e.sourceSpan[0]);
      const high = new Set(fills(0.3).map((e) => e.sourceSpan[0]));
      for (const s of low) expect(high.has(s)).toBe(true);
    }
  });

  it('works through windows on a text longer than the model takes (128 positions)', () => {
    const long = Array.from({ length: 6 }, () => original).join('\n\n');
    const r = mlm.generate(long, { intensity: 0.3, seed: '2', params });
    const fills = r.edits.filter((e) => e.kind !== 'normalize');
    expect(fills.length).toBeGreaterThan(600);
    expect(fills.every((e) => e.after !== '')).toBe(true);
  });

  it('refuses a missing or malformed model directory with a one-line usage error', async () => {
    expect(await usageFailure(join(scratch, 'nope'))).toMatch(/not a directory/);
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    expect(await usageFailure(empty)).toMatch(/no model\.onnx/);
    const broken = join(scratch, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'model.onnx'), 'not a protobuf');
    copyFileSync(join(fixture, 'vocab.txt'), join(broken, 'vocab.txt'));
    const message = await usageFailure(broken);
    expect(message).toMatch(/cannot load model\.onnx/);
    expect(message).not.toContain('\n');
    const noVocab = join(scratch, 'no-vocab');
    mkdirSync(noVocab);
    copyFileSync(join(fixture, 'model.onnx'), join(noVocab, 'model.onnx'));
    expect(await usageFailure(noVocab)).toMatch(/no vocab\.txt/);
  });
});
