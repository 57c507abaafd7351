import { terminalSafe } from '../../core/terminal.js';
import type { Estimate, MetricsResult } from '../evaluate/metrics.js';
import { metricsWarnings } from '../evaluate/warnings.js';
import { leaderboard } from './leaderboard.js';
import { pct } from './format.js';

/**
 * What a cell is, for a terminal that colours: a score's band (`good` from
 * 0.8, `fair` from 0.5, `poor` below), no value, a heading, a warning.
 */
export type Tone = 'good' | 'fair' | 'poor' | 'none' | 'head' | 'warn';

/** Wraps a piece of text for display; the identity for plain text. */
export type Paint = (text: string, tone: Tone) => string;

/** Options of {@link summaryTable}. */
export interface SummaryOptions {
  /** Colours (default: none, plain text). */
  paint?: Paint;
  /** The warnings block (default: the metrics' own, see metricsWarnings); `[]` leaves it out. */
  warnings?: readonly string[];
}

const plain: Paint = (text) => text;

const toneOf = (e: Estimate | null | undefined): Tone => (!e || e.value === null ? 'none' : e.value >= 0.8 ? 'good' : e.value >= 0.5 ? 'fair' : 'poor');

/** A bound without its leading zero, as in `[.52,.66]`: the interval stays narrow beside its value. */
const bound = (x: number) => {
  const s = x.toFixed(2);
  return s === '1.00' ? '1' : s.replace(/^(-?)0\./, '$1.');
};

const value = (e: Estimate | null | undefined): string => (!e || e.value === null ? '–' : e.value.toFixed(2));
const withInterval = (e: Estimate | null | undefined): string => (!e || e.value === null || e.low === null || e.high === null ? value(e) : `${value(e)} [${bound(e.low)},${bound(e.high)}]`);

interface Cell {
  text: string;
  tone: Tone;
}

/**
 * The run's summary for a terminal: the leaderboard (detectors x attack
 * families, TPR at the headline FPR with a 95% interval on the whole task,
 * then F1 at the operating threshold and plagdet in columns of their own),
 * then the warnings in one block. Names pass through terminalSafe, so a
 * detector's name cannot drive the terminal. Every generator x intensity
 * slice is in the report files.
 */
export function summaryTable(result: MetricsResult, options: SummaryOptions = {}): string {
  const paint = options.paint ?? plain;
  const board = leaderboard(result);
  const policy = result.settings.threshold;
  const how = policy.kind === 'label' ? "the detector's own label" : policy.kind === 'fixed' ? `threshold ${policy.value}` : `threshold calibrated at ${pct(policy.target)} FPR`;
  const hasSpans = board.rows.some((r) => r.task === 'spans');
  const hasBinary = board.rows.some((r) => r.task !== 'spans');
  const head = (text: string): Cell => ({ text, tone: 'head' });
  const header = [head('detector'), head('task'), head('all'), ...board.families.map((f) => head(terminalSafe(f))), ...(hasBinary ? [head('F1')] : []), ...(hasSpans ? [head('plagdet')] : [])];
  const rows: Cell[][] = [header];
  for (const r of board.rows) {
    const spans = r.task === 'spans';
    const blank: Cell = { text: '', tone: 'none' };
    const cell = (e: Estimate | null, text: string): Cell => ({ text, tone: toneOf(e) });
    rows.push([
      { text: terminalSafe(r.detector), tone: 'none' },
      { text: r.task, tone: 'none' },
      spans ? blank : cell(r.overall, withInterval(r.overall)),
      ...board.families.map((f) => (r.families.has(f) ? cell(r.families.get(f) ?? null, value(r.families.get(f))) : blank)),
      ...(hasBinary ? [spans ? blank : cell(r.f1, value(r.f1))] : []),
      ...(hasSpans ? [spans ? cell(r.plagdet, withInterval(r.plagdet)) : blank] : []),
    ]);
  }
  const lines = [
    `TPR at ${pct(board.level)} FPR per attack family, with its 95% interval on the whole task ("all").`,
    `F1 at the operating point (${how})${hasSpans ? '; plagdet on spans' : ''}. Every generator and intensity: see the report.`,
    renderTable(rows, paint),
  ];
  const warnings = (options.warnings ?? metricsWarnings(result)).map(terminalSafe);
  if (warnings.length > 0) lines.push('', warningsBlock(warnings, paint));
  return lines.join('\n');
}

/** Warnings as one block: a heading, then one indented line each. */
export function warningsBlock(warnings: readonly string[], paint: Paint = plain): string {
  return [paint(`Warnings (${warnings.length}):`, 'warn'), ...warnings.map((w) => `  - ${w}`)].join('\n');
}

/** Aligned columns: names left, numbers right; padding outside the paint, so colour codes never skew widths. */
function renderTable(rows: Cell[][], paint: Paint): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c].text].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c] - [...cell.text].length);
          const shown = cell.text === '' ? '' : paint(cell.text, cell.tone);
          return c < 2 ? shown + pad : pad + shown;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
