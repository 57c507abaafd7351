/**
 * The end of a run on the terminal: the summary (leaderboard and warnings
 * block) in colour when a person is watching, plain when piped, in CI logs
 * or when NO_COLOR asks for it.
 */
import { summaryTable, type Paint, type Tone } from '../harness/report/summary.js';
import type { MetricsResult } from '../harness/evaluate/metrics.js';

const ESC = '\u001b[';
// Foreground only, reset by its own code: a painted cell never changes what follows it.
const STYLE: Record<Tone, [string, string]> = {
  good: ['32', '39'],
  fair: ['33', '39'],
  poor: ['31', '39'],
  none: ['2', '22'],
  head: ['1', '22'],
  warn: ['1;33', '22;39'],
};

/** ANSI colours by tone. */
export const ansiPaint: Paint = (text, tone) => `${ESC}${STYLE[tone][0]}m${text}${ESC}${STYLE[tone][1]}m`;

/**
 * Whether to colour a stream: never with NO_COLOR set (no-color.org: any
 * non-empty value), always with FORCE_COLOR set to anything but 0, else
 * only on a TTY.
 */
export function useColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** The run's summary for `stream`, coloured when {@link useColor} says so, with `warnings` as its one warnings block. */
export function terminalSummary(metrics: MetricsResult, warnings: readonly string[], stream: { isTTY?: boolean }, env: Record<string, string | undefined>): string {
  return summaryTable(metrics, { warnings, ...(useColor(stream, env) ? { paint: ansiPaint } : {}) });
}
