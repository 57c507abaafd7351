/**
 * The HTML report's sample browser answers "what did my detector miss":
 * per detector and task it does, its misses (highest intensity first) and
 * its false alarms, their texts read back from the dataset, the edits
 * highlighted by their code-point spans.
 */
import { TASKS, type Edit, type Span, type Task } from '../../core/types.js';
import type { OperatingPoint } from '../evaluate/metrics.js';
import { isError } from '../evaluate/operating.js';
import type { RunData, SampleInfo, SampleText } from '../store/run-data.js';
import { escapeHtml } from './html-escape.js';

/** At most this many code points of a text are shown (the report stays small). */
export const SHOW_CODE_POINTS = 2000;

/** One detector's answer on a sample. */
export interface SampleAnswer {
  detector: string;
  score: number | null;
  label: number | null;
  /** 1 flagged, 0 not flagged; null when the operating point cannot decide. */
  decision: number | null;
  error: boolean;
}

/** A sample shown in the browser, with the answers of the detectors that do its task. */
export interface BrowsedSample {
  info: SampleInfo;
  answers: SampleAnswer[];
}

/** One detector's failures on one task: totals over the test split, and the few shown. */
export interface DetectorFailures {
  detector: string;
  task: Task;
  positives: number;
  negatives: number;
  /** Positives not flagged (an errored positive counts: under the default error policy it is a miss). */
  missed: number;
  /** Negatives flagged. */
  falseAlarms: number;
  /** Sample ids of the misses shown: highest intensity first, at most `perGenerator` per generator. */
  shownMissed: string[];
  /** Sample ids of the false alarms shown: attacked negatives first, then by score, highest first. */
  shownFalseAlarms: string[];
}

/** What the browser shows: the failures per detector and task, and the samples they name. */
export interface SampleBrowser {
  failures: DetectorFailures[];
  /** Every sample some failure list names, once, in dataset order. */
  samples: BrowsedSample[];
}

/** How many samples the browser shows per detector and task. */
export interface BrowserLimits {
  missed?: number;
  falseAlarms?: number;
  /** At most this many misses of one generator, so one attack does not fill the list. */
  perGenerator?: number;
}

/**
 * The failures of every detector on every task it was decided on (the spans
 * task has no decisions and no operating point, so it is not listed): a
 * detector is never shown a sample of a task it does not do.
 */
export function chooseFailures(data: RunData, points: readonly OperatingPoint[], limits: BrowserLimits = {}): SampleBrowser {
  const maxMissed = limits.missed ?? 8;
  const maxFalse = limits.falseAlarms ?? 5;
  const perGenerator = limits.perGenerator ?? 2;
  const failures: DetectorFailures[] = [];
  const shown = new Set<number>();
  const ordered = [...points].sort((a, b) => TASKS.indexOf(a.task) - TASKS.indexOf(b.task));
  for (const op of ordered) {
    const s = data.scores.get(op.detector);
    if (!s || !op.decisions) continue;
    const missed: number[] = [];
    const falseAlarms: number[] = [];
    let positives = 0;
    let negatives = 0;
    data.samples.forEach((sample, i) => {
      if (sample.task !== op.task || sample.split !== 'test') return;
      const flagged = op.decisions![i] === 1 && !isError(s, i);
      if (sample.label === 1) {
        positives++;
        if (!flagged) missed.push(i);
      } else {
        negatives++;
        if (flagged) falseAlarms.push(i);
      }
    });
    // Highest intensity first; the dataset order breaks ties, so the choice is stable.
    missed.sort((a, b) => data.samples[b].intensity - data.samples[a].intensity || a - b);
    const perGen = new Map<string, number>();
    const shownMissed: number[] = [];
    for (const i of missed) {
      if (shownMissed.length >= maxMissed) break;
      const g = data.samples[i].generator;
      if ((perGen.get(g) ?? 0) >= perGenerator) continue;
      perGen.set(g, (perGen.get(g) ?? 0) + 1);
      shownMissed.push(i);
    }
    // An attacked negative flagged is the more telling false alarm; then the most confident.
    const attacked = (i: number) => (data.samples[i].role === 'negative' ? 0 : 1);
    falseAlarms.sort((a, b) => attacked(a) - attacked(b) || s.score[b] - s.score[a] || a - b);
    const shownFalse = falseAlarms.slice(0, maxFalse);
    for (const i of [...shownMissed, ...shownFalse]) shown.add(i);
    const ids = (list: number[]) => list.map((i) => data.samples[i].id);
    failures.push({ detector: op.detector, task: op.task, positives, negatives, missed: missed.length, falseAlarms: falseAlarms.length, shownMissed: ids(shownMissed), shownFalseAlarms: ids(shownFalse) });
  }
  const samples = [...shown]
    .sort((a, b) => a - b)
    .map((i): BrowsedSample => {
      const task = data.samples[i].task;
      const answers = points
        .filter((p) => p.task === task && data.scores.has(p.detector))
        .map((p): SampleAnswer => {
          const s = data.scores.get(p.detector)!;
          return { detector: p.detector, score: Number.isFinite(s.score[i]) ? s.score[i] : null, label: s.label[i] >= 0 ? s.label[i] : null, decision: p.decisions ? p.decisions[i] : null, error: isError(s, i) };
        });
      return { info: data.samples[i], answers };
    });
  return { failures, samples };
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

/** What one answer means for the sample: the decision in words, and whether it was right. */
export function answerWords(a: SampleAnswer, label: 0 | 1): { decision: string; outcome: 'missed' | 'false alarm' | 'caught' | 'cleared' | null } {
  if (a.error) return { decision: 'no answer: detector error', outcome: label === 1 ? 'missed' : 'cleared' };
  if (a.decision === null) return { decision: 'undecided', outcome: null };
  const flagged = a.decision === 1;
  const outcome = label === 1 ? (flagged ? 'caught' : 'missed') : flagged ? 'false alarm' : 'cleared';
  return { decision: flagged ? 'flagged' : 'not flagged', outcome };
}

const score = (a: SampleAnswer) => (a.score === null ? '' : ` · score ${a.score.toPrecision(4)}`);

/**
 * One sample in a detector's failure list: the detector's answer first
 * (what it decided, why that is wrong), the other detectors' answers after,
 * then the source and the judged text with the edits marked.
 */
export function sampleHtml(b: BrowsedSample, t: SampleText | undefined, focus: string): string {
  const s = b.info;
  const mine = b.answers.find((a) => a.detector === focus);
  const words = mine ? answerWords(mine, s.label) : null;
  const badge = words?.outcome ? `<span class="badge ${words.outcome === 'missed' || words.outcome === 'false alarm' ? 'bad' : 'good'}">${words.outcome}</span> ` : '';
  const where = s.label === 1 ? `${escapeHtml(s.generator)} @ ${s.intensity}` : `${s.role === 'negative' ? `attacked negative (${escapeHtml(s.generator)} @ ${s.intensity})` : 'clean negative'}`;
  const head = `<summary>${badge}${where} <span class="meta">· ${words ? words.decision : '–'}${mine ? score(mine) : ''} · <code>${escapeHtml(s.id)}</code></span></summary>`;
  const others = b.answers
    .filter((a) => a.detector !== focus)
    .map((a) => {
      const w = answerWords(a, s.label);
      return `${escapeHtml(a.detector)}: ${w.decision}${score(a)}`;
    });
  const meta = `<p class="meta">${s.label === 1 ? 'positive' : 'negative'} · task ${escapeHtml(s.task)} · role ${escapeHtml(s.role)}${t ? ` · ${t.edits.length} edit(s)` : ''}${others.length ? ` · other detectors: ${others.join('; ')}` : ''}</p>`;
  if (!t) return `<details class="sample">${head}${meta}<p>text not found in the dataset</p></details>`;
  const source = sourceOf(t);
  const body = [
    meta,
    source
      ? `<h4>Source${source.rebuilt ? ' (rebuilt from the edit log)' : ''}</h4><div class="text">${highlight(source.text, sourceSpansMatch(source.text, t.edits) ? t.edits.map((e) => ({ span: e.sourceSpan, title: edit(e) })) : [])}</div>`
      : '',
    `<h4>Text the detector judged</h4><div class="text">${highlight(t.text, t.edits.map((e) => ({ span: e.outputSpan, title: edit(e) })))}</div>`,
  ];
  return `<details class="sample">${head}${body.join('')}</details>`;
}
