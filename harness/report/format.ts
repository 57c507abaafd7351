import { nextUp } from '../evaluate/stats/index.js';
import type { Estimate, SliceMetrics } from '../evaluate/metrics.js';

/** A number for a table: 3 decimals, or a dash when undefined. */
export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  return value.toFixed(digits);
}

/**
 * A threshold for reading. A calibrated threshold is the double just above
 * a score s (flag when score > s), so it reads "> s" rather than
 * 0.9500000000000001; metrics.json holds the exact value.
 */
export function thresholdText(value: number | null): string {
  if (value === null) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const short = Number(value.toPrecision(6));
  if (short === value) return String(short);
  // The double just above a short score s reads "> s"; others are rounded for reading.
  const below = prevDown(value);
  if (Number(below.toPrecision(12)) === below) return `> ${below}`;
  return `≈ ${short}`;
}

/** The largest double below x (x finite, not the smallest double). */
function prevDown(x: number): number {
  return -nextUp(-x);
}

/** `0.812 [0.771, 0.850]`, or just the value when there is no interval. */
export function est(e: Estimate | null | undefined, digits = 3): string {
  if (!e || e.value === null) return '–';
  if (e.low === null || e.high === null) return num(e.value, digits);
  return `${num(e.value, digits)} [${num(e.low, digits)}, ${num(e.high, digits)}]`;
}

/** How a slice is named in tables. */
export function sliceLabel(m: Pick<SliceMetrics, 'kind' | 'generator' | 'intensity' | 'family' | 'factType'>): string {
  switch (m.kind) {
    case 'overall':
      return 'all';
    case 'family':
      return `family: ${m.family}`;
    case 'factType':
      return `fact: ${m.factType}`;
    default:
      return `${m.generator} @ ${m.intensity}`;
  }
}

/** Percent label of an FPR level: 0.01 -> "1%". */
export function pct(level: number): string {
  return `${+(level * 100).toFixed(4)}%`;
}

/** Markdown table cell: no pipes, no newlines, no raw HTML. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, '\\`');
}

/** Inline code in markdown (a table cell too): shown literally, so no HTML escaping, only pipes and backticks. */
export function mdCode(text: string): string {
  return `\`${text.replace(/[\r\n]+/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** A plain-text table with aligned columns (numbers right-aligned). */
export function textTable(rows: string[][], rightAlign: (column: number) => boolean): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows
    .map((r) => r.map((cell, c) => (rightAlign(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd())
    .join('\n');
}
