/**
 * Small inline SVG line charts for the HTML report: no library, no script,
 * every label escaped. Both axes run 0..1 (recall, precision, intensity).
 *
 * Two shapes: `lineChart` (several series, a legend under it whose entries
 * never wrap inside a name) and `smallMultiple` (one series per chart, the
 * name as caption), so lines that reach the same value cannot hide each
 * other: the report draws one small chart per generator instead of one
 * crowded chart per family.
 */
import { escapeHtml } from './html-escape.js';

export interface Series {
  name: string;
  /** [x, y] points in [0, 1]^2, drawn in order. */
  points: Array<[number, number]>;
  /** Optional vertical interval per point: [low, high] or null. */
  whiskers?: Array<[number, number] | null>;
  /** Thicker line (e.g. the overall curve among families). */
  emphasis?: boolean;
  /** Draw a dot per point (few points) or just the line (curves). */
  markers?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** x axis range; default [0, 1]. */
  xDomain?: [number, number];
  /** Pixel size; default 400 x 280. */
  width?: number;
  height?: number;
}

/** Colour-blind-safe palette (Okabe-Ito). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
/** Every series of a chart gets its own dash pattern too, so two lines on top of each other still show both. */
const DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3'];

interface Margins {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const FULL: Margins = { left: 48, right: 12, top: 28, bottom: 40 };
const SMALL: Margins = { left: 30, right: 8, top: 8, bottom: 20 };

const f = (x: number) => (Math.round(x * 10) / 10).toString();

/** Style of series k: colour from the palette, dash from its own cycle. */
function styleOf(k: number): { colour: string; dash: string } {
  return { colour: PALETTE[k % PALETTE.length], dash: DASHES[k % DASHES.length] };
}

/** The <svg> of a chart; `labels` false draws only ticks (small multiples). */
function plot(series: readonly Series[], options: ChartOptions, M: Margins, labels: boolean): string {
  const W = options.width ?? 400;
  const H = options.height ?? 280;
  const [x0, x1] = options.xDomain ?? [0, 1];
  const px = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - y * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<svg class="chart" role="img" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg" aria-label="${escapeHtml(options.title)}">`);
  parts.push(`<title>${escapeHtml(options.title)}</title>`);
  const ticks = labels ? [0, 1, 2, 3, 4] : [0, 2, 4];
  for (const k of ticks) {
    const y = k / 4;
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${f(py(y))}" y2="${f(py(y))}" class="grid"/>`);
    parts.push(`<text x="${M.left - 4}" y="${f(py(y) + 4)}" text-anchor="end" class="tick">${labels ? y.toFixed(2) : String(y)}</text>`);
    const x = x0 + ((x1 - x0) * k) / 4;
    parts.push(`<text x="${f(px(x))}" y="${H - M.bottom + 14}" text-anchor="middle" class="tick">${+x.toFixed(2)}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" class="axis"/>`);
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" class="axis"/>`);
  if (labels) {
    parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle" class="label">${escapeHtml(options.xLabel)}</text>`);
    parts.push(`<text transform="translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeHtml(options.yLabel)}</text>`);
    parts.push(`<text x="${M.left}" y="16" class="ctitle">${escapeHtml(options.title)}</text>`);
  }
  series.forEach((s, k) => {
    const { colour, dash } = styleOf(k);
    s.whiskers?.forEach((w, i) => {
      if (!w) return;
      const x = f(px(s.points[i][0]));
      parts.push(`<line x1="${x}" x2="${x}" y1="${f(py(w[0]))}" y2="${f(py(w[1]))}" stroke="${colour}" stroke-opacity="0.45" stroke-width="${labels ? 1 : 3}"/>`);
    });
    if (s.points.length > 0) {
      const d = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${f(px(x))} ${f(py(y))}`).join(' ');
      parts.push(`<path class="series" d="${d}" fill="none" stroke="${colour}" stroke-width="${s.emphasis ? 2.5 : 1.5}"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${escapeHtml(s.name)}</title></path>`);
    }
    if (s.markers) for (const [x, y] of s.points) parts.push(`<circle cx="${f(px(x))}" cy="${f(py(y))}" r="3" fill="${colour}"><title>${escapeHtml(`${s.name}: ${x} → ${y.toFixed(3)}`)}</title></circle>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A legend swatch drawn as the series is (colour and dash), as a tiny inline SVG. */
function swatch(k: number): string {
  const { colour, dash } = styleOf(k);
  return `<svg class="swatch" width="22" height="8" viewBox="0 0 22 8" aria-hidden="true"><line x1="0" x2="22" y1="4" y2="4" stroke="${colour}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/></svg>`;
}

/** A name that may wrap only before a `[` (`synonym-spin` / `[mode=careful]`), never inside a word. */
export function breakableName(name: string): string {
  return escapeHtml(name).replace(/\[/g, '<wbr>[');
}

/** One chart with several series as a <figure>; the legend sits under it, one entry per series, never split inside a name. */
export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const legend = series.map((s, k) => `<li>${swatch(k)}${escapeHtml(s.name)}</li>`).join('');
  return `<figure class="figure" style="width:${options.width ?? 400}px">${plot(series, options, FULL, true)}<ul class="legend">${legend}</ul></figure>`;
}

/** One series in a small chart with its name as caption (small multiples share the axes of `options`). */
export function smallMultiple(series: Series, options: ChartOptions & { caption: string; note?: string }): string {
  const W = options.width ?? 170;
  const svg = plot([series], { ...options, width: W, height: options.height ?? 110 }, SMALL, false);
  const note = options.note ? ` <span class="meta">${escapeHtml(options.note)}</span>` : '';
  return `<figure class="small" style="width:${W}px"><figcaption>${breakableName(options.caption)}${note}</figcaption>${svg}</figure>`;
}
