/**
 * The frame every HTML page of the harness shares (report.html,
 * compare.html): the strict Content-Security-Policy, the style sheet, the
 * colour scale of score cells and the cell of an estimate with its interval.
 */
import type { Estimate } from '../evaluate/metrics.js';
import { escapeHtml } from './html-escape.js';
import { num } from './format.js';

/** No script, no remote load of any kind: the page is data, even when a sample is hostile. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1240px;padding:12px 20px;color:#1a1a1a}
h1{font-size:21px;margin:0 0 4px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:18px 0 6px}h4{margin:10px 0 4px}
a{color:#0b57a3}nav.toc{font-size:13px;margin:6px 0 0;padding:4px 0;border-bottom:1px solid #eee}nav.toc a{margin-right:12px;white-space:nowrap}
.verdict{border-radius:6px;padding:10px 14px;border:1px solid #ccc;background:#f6f6f6}.verdict.pass{background:#e9f6ec;border-color:#7cc492}.verdict.fail{background:#fdecea;border-color:#e08a80}
.verdict ul{margin:4px 0 0;padding-left:20px}.verdict p{margin:2px 0}.verdict .run{color:#555;font-size:12.5px}
table{border-collapse:collapse;font-size:12.5px;margin:6px 0}th,td{padding:3px 7px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap;vertical-align:top}
th{background:#fafafa;font-weight:600}th:first-child,td:first-child{text-align:left}tr.agg td{font-weight:600;background:#f7f7f7}td.l,th.l{text-align:left}
.ci{display:block;color:#666;font-size:10.5px;font-weight:400}.scroll{overflow-x:auto;max-width:100%}
table.board td.cell{min-width:62px;text-align:center;font-variant-numeric:tabular-nums}table.board td.na{color:#bbb;text-align:center}
td.worst{outline:2px solid #8b1a10;outline-offset:-2px;font-weight:700}.key{font-size:12px;color:#555;margin:2px 0 8px}
table.fails td{white-space:normal;max-width:440px}table.fails li{margin:0}table.fails ul{margin:0;padding-left:16px}
details.more>summary,details.fold>summary{cursor:pointer;color:#0b57a3;font-size:13px;margin:4px 0}
.multiples{display:flex;flex-wrap:wrap;gap:6px 10px;margin:4px 0}figure.small{margin:0}figure.small figcaption{font-size:11px;line-height:1.25;word-break:normal;overflow-wrap:normal;min-height:28px}
.charts{display:flex;flex-wrap:wrap;gap:14px}figure.figure{margin:0}.legend{list-style:none;padding:0;margin:4px 0 0;font-size:11px;display:flex;flex-wrap:wrap;gap:2px 12px}.legend li{white-space:nowrap}
svg.swatch{margin-right:4px;vertical-align:middle}
.chart .grid{stroke:#eee}.chart .axis{stroke:#999}.chart .tick{font-size:10px;fill:#666}.chart .label{font-size:11px;fill:#333}.chart .ctitle{font-size:12px;font-weight:600;fill:#222}
pre{background:#f6f8fa;padding:10px;overflow-x:auto;font-size:12px;white-space:pre-wrap}code{font-size:12px}
.sample{border:1px solid #e4e4e4;border-radius:4px;margin:4px 0;padding:4px 8px}.sample summary{cursor:pointer}
.text{white-space:pre-wrap;word-break:break-word;background:#fafafa;padding:8px;border-radius:4px;max-height:320px;overflow:auto;font-family:ui-monospace,monospace;font-size:12px}
mark{background:#ffe08a;border-bottom:2px solid #d08c00}.badge{font-size:11px;border-radius:3px;padding:0 5px;font-weight:600}.badge.bad{background:#fdecea;color:#8b1a10}.badge.good{background:#e9f6ec;color:#135c2a}
.meta{color:#666;font-size:12px}.cut{color:#999}.note{color:#8a5300}.sig{font-weight:700}.up{color:#135c2a}.down{color:#8b1a10}
`;

/** A whole page: the CSP first in <head>, then the style; `body` is already escaped HTML. */
export function htmlPage(title: string, body: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

/** Colour stops of a score cell: red at 0 (and darker, for readers who cannot tell red from green), amber at 0.5, green at 1. */
const STOPS: Array<[number, [number, number, number]]> = [
  [0, [232, 114, 107]],
  [0.5, [247, 224, 138]],
  [1, [143, 209, 158]],
];

/** Background of a cell holding `value` in [0, 1], higher = better (`invert` for FPR-like values). */
export function scaleColour(value: number, invert = false): string {
  const v = Math.min(1, Math.max(0, invert ? 1 - value : value));
  const k = v <= 0.5 ? 0 : 1;
  const [a, ca] = STOPS[k];
  const [b, cb] = STOPS[k + 1];
  const t = (v - a) / (b - a);
  const hex = ca.map((c, i) => Math.round(c + (cb[i] - c) * t).toString(16).padStart(2, '0')).join('');
  return `#${hex}`;
}

/** An estimate's interval as text, or '' without one. */
export function intervalText(e: Estimate | null | undefined): string {
  return !e || e.low === null || e.high === null ? '' : `[${num(e.low)}, ${num(e.high)}]`;
}

/** A table cell: the value, its interval on a second line (so columns stay narrow). */
export function estimateCell(e: Estimate | null | undefined): string {
  if (!e || e.value === null) return '<td>–</td>';
  const ci = intervalText(e);
  return `<td>${num(e.value)}${ci ? `<span class="ci">${ci}</span>` : ''}</td>`;
}

/** A stable, safe id for an anchor from any name (names may hold anything; the index keeps ids unique). */
export function anchorId(prefix: string, index: number, name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${prefix}-${index}${slug ? `-${slug}` : ''}`;
}
