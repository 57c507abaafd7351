import type { Edit, FactType } from '../../core/types.js';
import { CodePointIndex, codePointLength } from '../../core/text.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { drawUniforms, selectByThreshold } from '../../core/select.js';
import { pipelineTokens, type PipelineToken } from './pipeline.js';
import type { MaskFiller } from './filler.js';
import type { SampleOptions } from './ngram-model.js';

/**
 * Masked-LM regeneration, backend-agnostic: cut the text with the observed
 * pipeline, mask word tokens where their uniform falls under the
 * intensity, fill the masks, join everything with single spaces.
 */
export interface RegenOptions {
  intensity: number;
  seed: string;
  /** `all`: every mask from the unmasked context at once; `ltr`: left to right, each fill seen by the next. */
  order: 'all' | 'ltr';
  /**
   * `stratified` (default): u_i = (rank_i + v_i) / n for a seeded random
   * ranking, so each u_i is still uniform and masks still nest, but the
   * count of u_i < intensity is floor or ceil of intensity * n. `iid`: plain
   * uniforms (the count is binomial: +-2.6 points at 0.5 on 365 words).
   */
  draws: 'stratified' | 'iid';
  sampling: SampleOptions;
  /** Share of fills that come out as a WordPiece continuation piece. */
  wordpieceRate: number;
  /** Share of WordPiece pieces glued to the previous token ("mustimport") rather than left free ("##ness"). */
  glueRate: number;
}

export interface RegenResources {
  filler: MaskFiller;
  /** Chooses the WordPiece piece after a word (its text; undefined at the start), never `exclude`. */
  piece(previous: string | undefined, u: number, exclude: string): string;
  factTypeOf(tokens: readonly PipelineToken[], i: number): FactType | undefined;
}

export interface RegenResult {
  text: string;
  edits: Edit[];
  /** Word tokens: the units masking may touch. */
  eligible: number;
  masked: number;
}

/** The masking draws: one uniform per eligible token, fixed by the seed whatever the intensity. */
export function maskDraws(n: number, seed: string, mode: 'stratified' | 'iid'): Float64Array {
  const rng = createRng(deriveSeed(seed, 'mask'));
  const u = drawUniforms(n, rng);
  if (mode === 'iid') return u;
  const jitter = drawUniforms(n, rng);
  const order = rankOrder(u);
  const out = new Float64Array(n);
  for (let rank = 0; rank < n; rank++) out[order[rank]] = (rank + jitter[order[rank]]) / n;
  return out;
}

/**
 * Indices of `u` (uniforms in [0, 1)) in ascending order of value, ties by
 * index: the order a comparison sort gives, in linear time. Uniforms spread
 * evenly over n buckets, so each bucket holds about one and its insertion
 * sort costs nothing.
 */
function rankOrder(u: Float64Array): Uint32Array {
  const n = u.length;
  const start = new Uint32Array(n + 1);
  const bucketOf = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const b = Math.min(n - 1, Math.max(0, Math.floor(u[i] * n)));
    bucketOf[i] = b;
    start[b + 1]++;
  }
  for (let b = 0; b < n; b++) start[b + 1] += start[b];
  const next = start.slice(0, n);
  const order = new Uint32Array(n);
  // Indices enter their bucket in ascending order, and the insertion sort moves only past strictly larger values: ties keep index order.
  for (let i = 0; i < n; i++) order[next[bucketOf[i]]++] = i;
  for (let b = 0; b < n; b++) {
    for (let j = start[b] + 1; j < start[b + 1]; j++) {
      const x = order[j];
      let k = j;
      while (k > start[b] && u[order[k - 1]] > u[x]) {
        order[k] = order[k - 1];
        k--;
      }
      order[k] = x;
    }
  }
  return order;
}

export function regenerate(source: string, options: RegenOptions, resources: RegenResources): RegenResult {
  const index = new CodePointIndex(source);
  const tokens = pipelineTokens(source, index);
  const eligible: number[] = [];
  tokens.forEach((t, i) => t.kind === 'word' && eligible.push(i));
  const n = eligible.length;
  const mask = selectByThreshold(maskDraws(n, options.seed, options.draws), options.intensity);
  // Per-token draws for the fill, the WordPiece decision, glue and piece choice, fixed per
  // position so that a position masked at two intensities draws the same numbers.
  const fillU = drawUniforms(n, createRng(deriveSeed(options.seed, 'fill')));
  const pieceU = drawUniforms(n, createRng(deriveSeed(options.seed, 'wordpiece')));
  const glueU = drawUniforms(n, createRng(deriveSeed(options.seed, 'glue')));
  const choiceU = drawUniforms(n, createRng(deriveSeed(options.seed, 'piece')));

  const texts = tokens.map((t) => t.text);
  const hidden = new Uint8Array(tokens.length);
  const targets: number[] = [];
  const targetDraw: number[] = [];
  /** Positions that become a WordPiece piece by the draw (the filler is not asked). */
  const drawnPiece: number[] = [];
  const pieceDraw = new Map<number, number>();
  const isPiece = new Uint8Array(tokens.length);
  const glued = new Uint8Array(tokens.length);
  for (let k = 0; k < n; k++) {
    if (!mask[k]) continue;
    const i = eligible[k];
    hidden[i] = 1;
    if (pieceU[k] < options.wordpieceRate) {
      isPiece[i] = 1;
      // A piece glues only to a word ("mustimport"); after punctuation it stays free.
      glued[i] = glueU[k] < options.glueRate && i > 0 && tokens[i - 1].kind === 'word' ? 1 : 0;
      drawnPiece.push(i);
      pieceDraw.set(i, choiceU[k]);
    } else {
      targets.push(i);
      targetDraw.push(fillU[k]);
    }
  }
  const masked = targets.length + drawnPiece.length;

  const fillBatch = (batch: number[], draws: number[]) => {
    const out = resources.filler.fill({
      texts,
      hidden,
      targets: batch,
      originals: batch.map((i) => tokens[i].text),
      rawOriginals: batch.map((i) => tokens[i].raw),
      draws,
      sampling: options.sampling,
    });
    batch.forEach((i, j) => {
      const fill = out[j];
      if (fill === '') return; // no candidate at all: the token stays (and is no edit)
      // A neural backend may itself answer with a continuation piece: keep it, free.
      if (fill.startsWith('##') && fill.length > 2) {
        isPiece[i] = 1;
        texts[i] = fill.slice(2);
      } else {
        texts[i] = fill;
      }
    });
  };
  // A piece continues whatever precedes it in the output, as the observed "vague ##ness" follows a fill.
  const placePiece = (i: number) => {
    texts[i] = resources.piece(i > 0 ? texts[i - 1] : undefined, pieceDraw.get(i) ?? 0, tokens[i].text);
  };

  if (options.order === 'all') {
    if (targets.length > 0) fillBatch(targets, targetDraw);
    for (const i of drawnPiece) placePiece(i);
  } else {
    const pieceSet = new Set(drawnPiece);
    let t = 0;
    for (let i = 0; i < tokens.length; i++) {
      if (!hidden[i]) continue;
      if (pieceSet.has(i)) placePiece(i);
      else fillBatch([i], [targetDraw[t++]]);
      hidden[i] = 0; // seen by the fills to its right
    }
  }

  return assemble(index, tokens, texts, isPiece, glued, eligible.length, masked, resources);
}

/**
 * Joins the tokens with single spaces (glued pieces without) and logs one
 * edit per regenerated token (`mask-fill`, `wordpiece`), plus `normalize`
 * edits for what the pipeline itself changed: a token's case, and every
 * stretch between tokens that is not already the output's separator. With
 * them the log rebuilds the output from the source exactly, so mlm-regen
 * composes in chains; the spans task leaves `normalize` edits out of its
 * truth (harness/tasks/spans.ts), since they are everywhere.
 */
function assemble(
  index: CodePointIndex,
  tokens: readonly PipelineToken[],
  texts: string[],
  isPiece: Uint8Array,
  glued: Uint8Array,
  eligible: number,
  masked: number,
  resources: RegenResources,
): RegenResult {
  const parts: string[] = [];
  const edits: Edit[] = [];
  let out = 0;
  let cursor = 0; // source code points consumed
  const gap = (end: number, separator: string) => {
    const before = index.slice(cursor, end);
    if (before !== separator) edits.push({ kind: 'normalize', sourceSpan: [cursor, end], outputSpan: [out, out + separator.length], before, after: separator });
    parts.push(separator);
    out += separator.length;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let text = texts[i];
    if (isPiece[i] && !glued[i]) text = `##${text}`;
    gap(t.start, i === 0 || (isPiece[i] && glued[i]) ? '' : ' ');
    const length = codePointLength(text);
    const before = t.raw; // the source's slice [t.start, t.end)
    if (text !== t.text) {
      const edit: Edit = { kind: isPiece[i] ? 'wordpiece' : 'mask-fill', sourceSpan: [t.start, t.end], outputSpan: [out, out + length], before, after: text };
      const fact = resources.factTypeOf(tokens, i);
      if (fact !== undefined) edit.factType = fact;
      edits.push(edit);
    } else if (before !== text) {
      edits.push({ kind: 'normalize', sourceSpan: [t.start, t.end], outputSpan: [out, out + length], before, after: text });
    }
    parts.push(text);
    out += length;
    cursor = t.end;
  }
  gap(index.length, '');
  return { text: parts.join(''), edits, eligible, masked };
}
