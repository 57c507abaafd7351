/**
 * The HTML report's sample browser: a few samples per slice, their texts
 * read back from the dataset, the edits highlighted by their code-point spans.
 */
import type { Edit, Span } from '../../core/types.js';
import type { OperatingPoint } from '../evaluate/metrics.js';
import { isError } from '../evaluate/operating.js';
import type { RunData, SampleInfo, SampleText } from '../store/run-data.js';
import { escapeHtml } from './html-escape.js';

/** At most this many code points of a text are shown (the report stays small). */
export const SHOW_CODE_POINTS = 2000;

/** A sample shown in the browser, with every detector's answer. */
export interface BrowsedSample {
  info: SampleInfo;
  answers: Array<{ detector: string; score: number | null; label: number | null; decision: number | null; error: boolean }>;
}

/**
 * Picks, per (task, generator), `perGenerator` positive(s) at the
 * highest intensity and one attacked negative, plus two pooled negatives per
 * task: in dataset order, so the choice is stable.
 */
export function chooseSamples(data: RunData, points: readonly OperatingPoint[], perGenerator = 1, cap = 120): BrowsedSample[] {
  const top = new Map<string, number>();
  for (const s of data.samples) {
    if (s.split !== 'test' || s.role === 'pooled-negative') continue;
    const key = `${s.task}\u0000${s.generator}`;
    top.set(key, Math.max(top.get(key) ?? -Infinity, s.intensity));
  }
  const taken = new Map<string, number>();
  const chosen: number[] = [];
  data.samples.forEach((s, i) => {
    if (s.split !== 'test' || chosen.length >= cap) return;
    let key: string;
    let limit: number;
    if (s.role === 'pooled-negative') {
      key = `${s.task}\u0000pooled`;
      limit = 2;
    } else {
      if (s.intensity !== top.get(`${s.task}\u0000${s.generator}`)) return;
      key = `${s.task}\u0000${s.generator}\u0000${s.role}`;
      limit = s.role === 'positive' ? perGenerator : 1;
    }
    const n = taken.get(key) ?? 0;
    if (n >= limit) return;
    taken.set(key, n + 1);
    chosen.push(i);
  });
  return chosen.map((i) => ({
    info: data.samples[i],
    answers: [...data.scores].map(([detector, s]) => {
      const op = points.find((p) => p.detector === detector && p.task === data.samples[i].task);
      return {
        detector,
        score: Number.isFinite(s.score[i]) ? s.score[i] : null,
        label: s.label[i] >= 0 ? s.label[i] : null,
        decision: op?.decisions ? op.decisions[i] : null,
        error: isError(s, i),
      };
    }),
  }));
}

/**
 * HTML of a text with the given spans wrapped in <mark>, everything escaped.
 * Spans are code points; overlapping spans are merged into the first.
 */
export function highlight(text: string, spans: ReadonlyArray<{ span: Span; title: string }>): string {
  const cps = Array.from(text);
  const shown = Math.min(cps.length, SHOW_CODE_POINTS);
  const sorted = spans.filter((s) => s.span[0] < shown && s.span[1] >= s.span[0]).sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  let out = '';
  let at = 0;
  for (const { span, title } of sorted) {
    const [start, end] = [Math.max(span[0], at), Math.min(span[1], shown)];
    if (span[0] < at) continue;
    out += escapeHtml(cps.slice(at, start).join(''));
    // An empty span (a deletion) still gets a visible marker.
    out += `<mark title="${escapeHtml(title)}">${end > start ? escapeHtml(cps.slice(start, end).join('')) : '&#8203;'}</mark>`;
    at = end;
  }
  out += escapeHtml(cps.slice(at, shown).join(''));
  if (cps.length > shown) out += `<span class="cut"> … (${cps.length - shown} more characters)</span>`;
  return out;
}

const edit = (e: Edit) => `${e.kind}${e.factType ? ` (${e.factType})` : ''}: ${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}`;

/**
 * The source text a sample was made from: its own `source` (pair tasks), or
 * rebuilt from the edit log (tamper) by putting each edit's `before` back.
 */
export function sourceOf(t: SampleText): { text: string; rebuilt: boolean } | null {
  if (t.source !== undefined) return { text: t.source, rebuilt: false };
  if (t.edits.length === 0) return null;
  const cps = Array.from(t.text);
  const edits = [...t.edits].sort((a, b) => b.outputSpan[0] - a.outputSpan[0]);
  let last = Infinity;
  for (const e of edits) {
    if (e.outputSpan[1] > last) return null; // overlapping edits: cannot rebuild safely
    cps.splice(e.outputSpan[0], e.outputSpan[1] - e.outputSpan[0], ...Array.from(e.before));
    last = e.outputSpan[0];
  }
  return { text: cps.join(''), rebuilt: true };
}

/** True when every edit's sourceSpan slices the source to its `before` (so highlighting it is truthful). */
function sourceSpansMatch(source: string, edits: readonly Edit[]): boolean {
  const cps = Array.from(source);
  return edits.every((e) => cps.slice(e.sourceSpan[0], e.sourceSpan[1]).join('') === e.before);
}

/** The browser's HTML for one sample. */
export function sampleHtml(b: BrowsedSample, t: SampleText | undefined): string {
  const s = b.info;
  const answers = b.answers
    .map((a) => {
      const verdict = a.error ? 'error' : a.decision === null ? '' : a.decision === 1 ? 'flagged' : 'passed';
      const right = a.error || a.decision === null ? '' : a.decision === s.label ? ' ok' : ' wrong';
      return `<span class="answer${right}">${escapeHtml(a.detector)}: ${a.score === null ? '–' : a.score.toPrecision(4)}${verdict ? ` (${verdict})` : ''}</span>`;
    })
    .join(' ');
  const head = `<summary><code>${escapeHtml(s.id)}</code> <span class="tag">${s.label === 1 ? 'positive' : 'negative'}</span> ${answers}</summary>`;
  if (!t) return `<details class="sample">${head}<p>text not found in the dataset</p></details>`;
  const source = sourceOf(t);
  const body = [
    `<p class="meta">task ${escapeHtml(s.task)} · generator ${escapeHtml(s.generator)} · intensity ${s.intensity} · role ${escapeHtml(s.role)} · ${t.edits.length} edit(s)</p>`,
    source
      ? `<h4>Source${source.rebuilt ? ' (rebuilt from the edit log)' : ''}</h4><div class="text">${highlight(source.text, sourceSpansMatch(source.text, t.edits) ? t.edits.map((e) => ({ span: e.sourceSpan, title: edit(e) })) : [])}</div>`
      : '',
    `<h4>Text the detector judged</h4><div class="text">${highlight(t.text, t.edits.map((e) => ({ span: e.outputSpan, title: edit(e) })))}</div>`,
  ];
  return `<details class="sample">${head}${body.join('')}</details>`;
}
