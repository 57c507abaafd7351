import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { usageError } from '../../core/errors.js';
import type { FillRequest, MaskFiller } from './filler.js';

/**
 * The neural backend: a local uncased BERT masked LM in ONNX form, run with
 * onnxruntime-node. Nothing is downloaded: `--param model=DIR` names a
 * directory holding `model.onnx` (or `onnx/model.onnx`, the layout of
 * Hugging Face exports) and `vocab.txt`; `config.json` is read for
 * `max_position_embeddings` when present.
 *
 * Generators are synchronous, and onnxruntime-node's public `run` is a
 * promise around a synchronous native call (it defers with setImmediate).
 * We call that native session directly (`onnxruntime-node/dist/binding`),
 * which onnxruntime-node 1.x has kept stable; a version that moves it fails
 * loudly at load, not silently at run.
 */

const require = createRequire(import.meta.url);

interface NativeSession {
  loadModel(path: string, options: object): void;
  readonly inputMetadata: Array<{ name: string }>;
  readonly outputMetadata: Array<{ name: string }>;
  run(feeds: Record<string, unknown>, fetches: Record<string, null>, options: object): Record<string, { data: ArrayLike<number>; dims: readonly number[] }>;
}
type TensorCtor = new (type: string, data: BigInt64Array, dims: number[]) => unknown;

/** The one line printed when the optional package is absent (`npm install --omit=optional`, or a platform it cannot install on). */
export const ONNX_INSTALL_HINT =
  'mlm-regen: --param model needs the optional package onnxruntime-node, which is not installed; ' +
  'run `npm install --include=optional` in text-gauntlet (or `npm install onnxruntime-node` in the project that uses it)';

/** True when onnxruntime-node can be resolved (tests of the neural backend need it). */
export function onnxRuntimeInstalled(): boolean {
  try {
    require.resolve('onnxruntime-node');
    return true;
  } catch {
    return false;
  }
}

// Loaded on first use only: everything but `--param model=DIR` runs without it.
function native(): { Session: new () => NativeSession; Tensor: TensorCtor } {
  if (!onnxRuntimeInstalled()) throw usageError(ONNX_INSTALL_HINT);
  const ort = require('onnxruntime-node') as { Tensor: TensorCtor };
  const binding = require('onnxruntime-node/dist/binding') as { binding: { InferenceSession: new () => NativeSession }; initOrt(): void };
  binding.initOrt();
  return { Session: binding.binding.InferenceSession, Tensor: ort.Tensor };
}

/** One line, no stack: what the CLI prints before exiting 2. */
function modelError(path: string, why: string): Error {
  return usageError(`mlm-regen: model "${path}": ${why}`);
}

export async function loadOnnxFiller(path: string): Promise<MaskFiller> {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw modelError(path, 'not a directory (expected model.onnx and vocab.txt inside)');
  const modelFile = [join(dir, 'model.onnx'), join(dir, 'onnx', 'model.onnx')].find((f) => existsSync(f));
  if (!modelFile) throw modelError(path, 'no model.onnx (or onnx/model.onnx) in it');
  const vocabFile = join(dir, 'vocab.txt');
  if (!existsSync(vocabFile)) throw modelError(path, 'no vocab.txt in it');
  const vocab = readFileSync(vocabFile, 'utf8').split(/\r?\n/);
  while (vocab.length > 0 && vocab[vocab.length - 1] === '') vocab.pop();
  let maxPositions = 512;
  if (existsSync(join(dir, 'config.json'))) {
    try {
      const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { max_position_embeddings?: number };
      if (typeof config.max_position_embeddings === 'number') maxPositions = config.max_position_embeddings;
    } catch {
      throw modelError(path, 'config.json is not valid JSON');
    }
  }
  const { Session, Tensor } = native();
  const session = new Session();
  try {
    session.loadModel(modelFile, {});
  } catch (error) {
    throw modelError(path, `cannot load ${modelFile.slice(dir.length + 1)} (${String((error as Error).message).split('\n')[0]})`);
  }
  const inputs = session.inputMetadata.map((m) => m.name);
  if (!inputs.includes('input_ids')) throw modelError(path, `not a BERT masked LM (inputs: ${inputs.join(', ')})`);
  return new OnnxFiller(path, session, Tensor, vocab, inputs, session.outputMetadata[0].name, Math.min(maxPositions, 512));
}

const SPECIAL = /^\[(PAD|UNK|CLS|SEP|MASK|unused\d+)\]$/;
const WORDLIKE = /[\p{L}\p{N}]/u;

class OnnxFiller implements MaskFiller {
  readonly name: string;
  private readonly ids: Map<string, number>;
  private readonly fillable: Uint8Array;
  private readonly cls: number;
  private readonly sep: number;
  private readonly mask: number;
  private readonly unk: number;

  constructor(
    path: string,
    private readonly session: NativeSession,
    private readonly Tensor: TensorCtor,
    private readonly vocab: readonly string[],
    private readonly inputs: readonly string[],
    private readonly output: string,
    private readonly maxPositions: number,
  ) {
    this.name = `onnx:${path}`;
    this.ids = new Map(vocab.map((t, i) => [t, i]));
    const need = (t: string) => {
      const id = this.ids.get(t);
      if (id === undefined) throw modelError(path, `vocab.txt lacks ${t}`);
      return id;
    };
    this.cls = need('[CLS]');
    this.sep = need('[SEP]');
    this.mask = need('[MASK]');
    this.unk = need('[UNK]');
    // A fill is a word or a word piece; never a special token or bare punctuation.
    this.fillable = Uint8Array.from(vocab, (t) => (!SPECIAL.test(t) && WORDLIKE.test(t) ? 1 : 0));
  }

  /** Greedy longest-match-first WordPiece, as BERT's tokenizer does after basic tokenization. */
  private pieces(token: string): number[] {
    if (token.length > 100) return [this.unk];
    const out: number[] = [];
    let start = 0;
    while (start < token.length) {
      let end = token.length;
      let found = -1;
      while (end > start) {
        const id = this.ids.get((start > 0 ? '##' : '') + token.slice(start, end));
        if (id !== undefined) {
          found = id;
          break;
        }
        end--;
      }
      // BERT gives up on an unmatchable word with [UNK]; so do we on a very long one, so
      // that one token never outgrows a window.
      if (found < 0 || out.length >= 16) return [this.unk];
      out.push(found);
      start = end;
    }
    return out;
  }

  fill(request: FillRequest): string[] {
    const { texts, hidden, targets } = request;
    const results = new Array<string>(targets.length).fill('');
    // Pieces per token: one [MASK] for a hidden token, its WordPieces otherwise.
    const pieceLists = texts.map((t, i) => (hidden[i] ? [this.mask] : this.pieces(t)));
    const budget = this.maxPositions - 2;
    let t = 0;
    let start = 0;
    while (t < targets.length) {
      // A window of whole tokens that fits the model and holds the next target, centred on it
      // when the text is long, so the masks see context on both sides.
      const target = targets[t];
      start = Math.max(start, this.windowStart(pieceLists, target, budget));
      let end = start;
      let used = 0;
      while (end < texts.length && used + pieceLists[end].length <= budget) used += pieceLists[end++].length;
      const windowTargets: number[] = [];
      while (t < targets.length && targets[t] < end) windowTargets.push(t++);
      const logits = this.run(pieceLists, start, end);
      const vocabSize = this.vocab.length;
      let position = 1; // after [CLS]
      let k = 0;
      for (let i = start; i < end && k < windowTargets.length; i++) {
        if (i === targets[windowTargets[k]]) {
          const j = windowTargets[k];
          results[j] = this.sample(logits, position * vocabSize, request.originals[j], request.draws[j], request.sampling.topK, request.sampling.temperature);
          k++;
        }
        position += pieceLists[i].length;
      }
      start = end;
    }
    return results;
  }

  private windowStart(pieceLists: readonly number[][], target: number, budget: number): number {
    let before = 0;
    let start = target;
    while (start > 0 && before + pieceLists[start - 1].length <= budget / 2) before += pieceLists[--start].length;
    return start;
  }

  private run(pieceLists: readonly number[][], start: number, end: number): Float32Array {
    const ids: number[] = [this.cls];
    for (let i = start; i < end; i++) ids.push(...pieceLists[i]);
    ids.push(this.sep);
    const n = ids.length;
    const tensor = (values: (i: number) => number) => new this.Tensor('int64', BigInt64Array.from({ length: n }, (_, i) => BigInt(values(i))), [1, n]);
    const feeds: Record<string, unknown> = {};
    for (const name of this.inputs) {
      if (name === 'input_ids') feeds[name] = tensor((i) => ids[i]);
      else if (name === 'attention_mask') feeds[name] = tensor(() => 1);
      else if (name === 'token_type_ids') feeds[name] = tensor(() => 0);
      else throw usageError(`mlm-regen: model input "${name}" is not one a BERT masked LM takes`);
    }
    const out = this.session.run(feeds, { [this.output]: null }, {})[this.output];
    return out.data instanceof Float32Array ? out.data : Float32Array.from(out.data);
  }

  /** Top-k sampling at a temperature from one row of logits, never the original token. */
  private sample(logits: Float32Array, offset: number, original: string, u: number, topK: number, temperature: number): string {
    const exclude = this.ids.get(original) ?? -1;
    const k = Math.max(1, topK);
    const top: number[] = [];
    for (let id = 0; id < this.vocab.length; id++) {
      if (!this.fillable[id] || id === exclude) continue;
      const x = logits[offset + id];
      if (top.length === k && x <= logits[offset + top[k - 1]]) continue;
      let j = top.length < k ? top.push(id) - 1 : k - 1;
      while (j > 0 && logits[offset + top[j - 1]] < x) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = id;
    }
    if (top.length === 0) return '';
    const best = logits[offset + top[0]];
    const weights = top.map((id) => Math.exp((logits[offset + id] - best) / Math.max(temperature, 1e-6)));
    let target = u * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < top.length; i++) {
      target -= weights[i];
      if (target < 0) return this.vocab[top[i]];
    }
    return this.vocab[top[top.length - 1]];
  }
}
