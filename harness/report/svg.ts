/**
 * Small inline SVG line charts for the HTML report: no library, no script,
 * every label escaped. Both axes run 0..1 (recall, precision, intensity).
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
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

const M = { left: 48, right: 12, top: 28, bottom: 40 };

const f = (x: number) => (Math.round(x * 10) / 10).toString();

/** One chart as an <svg> string; the legend sits in a list beside it so long names wrap. */
export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const W = options.width ?? 400;
  const H = options.height ?? 280;
  const [x0, x1] = options.xDomain ?? [0, 1];
  const px = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - y * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<svg class="chart" role="img" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg" aria-label="${escapeHtml(options.title)}">`);
  parts.push(`<title>${escapeHtml(options.title)}</title>`);
  // Grid and ticks.
  for (let k = 0; k <= 4; k++) {
    const y = k / 4;
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${f(py(y))}" y2="${f(py(y))}" class="grid"/>`);
    parts.push(`<text x="${M.left - 6}" y="${f(py(y) + 4)}" text-anchor="end" class="tick">${y.toFixed(2)}</text>`);
    const x = x0 + ((x1 - x0) * k) / 4;
    parts.push(`<text x="${f(px(x))}" y="${H - M.bottom + 16}" text-anchor="middle" class="tick">${+x.toFixed(2)}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" class="axis"/>`);
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" class="axis"/>`);
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle" class="label">${escapeHtml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeHtml(options.yLabel)}</text>`);
  parts.push(`<text x="${M.left}" y="16" class="ctitle">${escapeHtml(options.title)}</text>`);
  series.forEach((s, k) => {
    const colour = PALETTE[k % PALETTE.length];
    const dash = DASHES[Math.floor(k / PALETTE.length) % DASHES.length];
    s.whiskers?.forEach((w, i) => {
      if (!w) return;
      const x = f(px(s.points[i][0]));
      parts.push(`<line x1="${x}" x2="${x}" y1="${f(py(w[0]))}" y2="${f(py(w[1]))}" stroke="${colour}" stroke-opacity="0.45" stroke-width="1"/>`);
    });
    if (s.points.length > 0) {
      const d = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${f(px(x))} ${f(py(y))}`).join(' ');
      parts.push(`<path class="series" d="${d}" fill="none" stroke="${colour}" stroke-width="${s.emphasis ? 2.5 : 1.5}"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${escapeHtml(s.name)}</title></path>`);
    }
    if (s.markers) for (const [x, y] of s.points) parts.push(`<circle cx="${f(px(x))}" cy="${f(py(y))}" r="3" fill="${colour}"/>`);
  });
  parts.push('</svg>');
  const legend = series
    .map((s, k) => `<li><span class="swatch" style="background:${PALETTE[k % PALETTE.length]}"></span>${escapeHtml(s.name)}</li>`)
    .join('');
  return `<figure class="figure">${parts.join('')}<ul class="legend">${legend}</ul></figure>`;
}
