/**
 * compare.html: baseline against candidate in one self-contained page (the
 * same frame and CSP as report.html). The answer first: the gates, then the
 * significant changes (the worse first), then per attack family the headline
 * figures of both runs with the difference; every slice is in a fold.
 */
import { TASKS } from '../../core/types.js';
import { deltaPText, type Comparison, type DeltaRow } from '../evaluate/compare.js';
import { formatP } from '../evaluate/stats/pvalues.js';
import { escapeHtml } from './html-escape.js';
import { htmlPage } from './html-page.js';
import { num, pct, sliceLabel } from './format.js';

type Delta = DeltaRow['metrics'][string];

/** Significant changes listed before the rest of them is folded. */
const SHOWN_CHANGES = 30;

const LABELS: Record<string, string> = { precision: 'precision', recall: 'recall', f1: 'F1', fpr: 'FPR', ap: 'AP', auc: 'ROC-AUC', span_precision: 'span precision', span_recall: 'span recall', plagdet: 'plagdet' };
const label = (key: string) => LABELS[key] ?? (key.startsWith('tpr@') ? `TPR@${pct(Number(key.slice(4)))}` : key);
/** Metrics where a rise is bad news. */
const LOWER_IS_BETTER = new Set(['fpr']);

const signed = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${num(Math.abs(x))}`);

/** Whether a change is good or bad news for the candidate (null when there is no change). */
function direction(key: string, d: Delta): 'better' | 'worse' | null {
  if (d.delta === null || d.delta === 0) return null;
  return d.delta > 0 !== LOWER_IS_BETTER.has(key) ? 'better' : 'worse';
}

/** A cell: baseline → candidate, the difference with its interval and Holm p under it; significant changes coloured. */
function deltaCell(key: string, d: Delta | undefined): string {
  if (!d || d.delta === null) return '<td>–</td>';
  if (d.delta === 0 && d.low === 0 && d.high === 0) return `<td title="${escapeHtml(`${label(key)}: ${num(d.baseline)} in both runs, on every resample`)}">${num(d.baseline)}<span class="ci">no change</span></td>`;
  const dir = d.significant ? direction(key, d) : null;
  const ci = d.low === null || d.high === null ? '' : ` [${signed(d.low)}, ${signed(d.high)}]`;
  // Never "p=0": a bootstrap p at its floor prints as a bound.
  const p = d.pHolm === null ? '' : ` ${deltaPText(d, true)}`;
  const title = `${label(key)}: baseline ${num(d.baseline)}, candidate ${num(d.candidate)}, difference ${signed(d.delta)}${ci}${p ? `, Holm-adjusted${p}` : ''}${d.significant ? ' (significant)' : ''}`;
  return `<td${dir ? ` class="sig ${dir === 'better' ? 'up' : 'down'}"` : ''} title="${escapeHtml(title)}">${num(d.baseline)} → ${num(d.candidate)}<span class="ci">${signed(d.delta)}${ci}${p}</span></td>`;
}

/** The TPR key the page leads with: 5% FPR when compared, else the first level. */
function headlineKey(rows: readonly DeltaRow[]): string | null {
  const keys = Object.keys(rows.find((r) => r.task !== 'spans')?.metrics ?? {}).filter((k) => k.startsWith('tpr@'));
  return keys.includes('tpr@0.05') ? 'tpr@0.05' : (keys[0] ?? null);
}

function verdict(c: Comparison, significant: number, worse: number): string {
  const state = c.rules.length === 0 ? 'none' : c.violations.length > 0 ? 'fail' : 'pass';
  const headline =
    state === 'none' ? 'No gates: this comparison checked no <code>--fail-on</code> rule' : state === 'fail' ? `✗ Gates failed: ${c.violations.length} rule violation(s)` : `✓ Gates passed: all ${c.rules.length} rule(s) hold`;
  const out = [`<header id="verdict" class="verdict ${state}"><h1>${headline}</h1>`];
  if (c.violations.length > 0) {
    out.push('<ul>');
    for (const v of c.violations) out.push(`<li>✗ <code>${escapeHtml(v.rule)}</code>: ${escapeHtml(v.detector)} on <code>${escapeHtml(v.slice)}</code> is ${signed(v.actual)}${v.pValue != null ? ` (Holm ${formatP({ p: v.pValue, atFloor: Boolean(v.pAtFloor) })})` : ''}</li>`);
    out.push('</ul>');
  } else if (c.rules.length > 0) out.push(`<p>${c.rules.map((r) => `✓ <code>${escapeHtml(r)}</code>`).join(' · ')}</p>`);
  out.push(`<p><b>${significant}</b> significant change(s) at ${c.settings.significance} after Holm, <b>${worse}</b> of them for the worse.</p>`);
  out.push(`<p class="run">Baseline <b>${escapeHtml(c.baseline.id)}</b> → candidate <b>${escapeHtml(c.candidate.id)}</b> · dataset <code>${escapeHtml(c.datasetHash.slice(0, 16))}</code> · differences are candidate minus baseline, 95% paired BCa bootstrap intervals over source documents (${c.settings.bootstrap} resamples)</p>`);
  out.push('</header>');
  return out.join('');
}

const head = (cells: string[]) => `<thead><tr>${cells.map((h, i) => `<th${i === 0 ? ' class="l"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
const pairName = (p: { baseline: string; candidate: string }) => (p.baseline === p.candidate ? escapeHtml(p.candidate) : `${escapeHtml(p.baseline)} → ${escapeHtml(p.candidate)}`);
const sliceCell = (r: DeltaRow) => `<td class="l">${escapeHtml(sliceLabel(r))}</td>`;

/** The comparison as one HTML page. */
export function compareHtml(c: Comparison): string {
  const changes = c.rows.flatMap((r) => Object.entries(r.metrics).filter(([, d]) => d.significant && d.delta !== null).map(([key, d]) => ({ r, key, d })));
  const worse = changes.filter((x) => direction(x.key, x.d) === 'worse');
  const body = [verdict(c, changes.length, worse.length)];
  const tpr = headlineKey(c.rows);
  const familyKeys = ['recall', 'fpr', ...(tpr ? [tpr] : [])];

  body.push(`<section id="significant"><h2>Significant changes (${changes.length})</h2>`);
  if (changes.length === 0) body.push('<p>No difference is significant after the Holm correction: on this dataset the two runs cannot be told apart.</p>');
  else {
    // The worse first, then the largest.
    const ordered = [...changes].sort((x, y) => Number(direction(y.key, y.d) === 'worse') - Number(direction(x.key, x.d) === 'worse') || Math.abs(y.d.delta!) - Math.abs(x.d.delta!));
    const line = ({ r, key, d }: (typeof ordered)[number]) => `<tr>${sliceCell(r)}<td>${r.task}</td><td>${pairName({ baseline: r.baselineDetector, candidate: r.detector })}</td><td>${escapeHtml(label(key))}</td>${deltaCell(key, d)}</tr>`;
    const table = (list: typeof ordered) => `<div class="scroll"><table>${head(['slice', 'task', 'detectors', 'metric', 'baseline → candidate'])}<tbody>${list.map(line).join('')}</tbody></table></div>`;
    body.push(table(ordered.slice(0, SHOWN_CHANGES)));
    if (ordered.length > SHOWN_CHANGES) body.push(`<details class="fold"><summary>${ordered.length - SHOWN_CHANGES} more significant change(s)</summary>${table(ordered.slice(SHOWN_CHANGES))}</details>`);
  }
  body.push('</section>');

  body.push(`<section id="families"><h2>Per attack family: ${familyKeys.map(label).join(', ')}</h2><p class="key">Each cell: baseline → candidate, the difference under it (interval, Holm-adjusted p). Green or red: a significant change for the better or the worse.</p>`);
  for (const task of TASKS) {
    for (const pair of c.pairs) {
      const rows = c.rows.filter((r) => r.task === task && r.detector === pair.candidate && r.baselineDetector === pair.baseline && (r.kind === 'overall' || r.kind === 'family'));
      if (rows.length === 0) continue;
      const keys = task === 'spans' ? ['span_recall', 'plagdet'] : familyKeys;
      body.push(`<h3>${pairName(pair)} · ${task}</h3><div class="scroll"><table>${head(['slice', 'n', ...keys.map(label)])}<tbody>`);
      for (const r of rows) body.push(`<tr${r.kind === 'overall' ? ' class="agg"' : ''}>${sliceCell(r)}<td>${r.n}</td>${keys.map((k) => deltaCell(k, r.metrics[k])).join('')}</tr>`);
      body.push('</tbody></table></div>');
    }
  }
  body.push('</section>');

  body.push(`<section id="all"><h2>Every slice</h2><details class="fold"><summary>All ${c.rows.length} compared slices, every metric</summary>`);
  for (const task of TASKS) {
    for (const pair of c.pairs) {
      const rows = c.rows.filter((r) => r.task === task && r.detector === pair.candidate && r.baselineDetector === pair.baseline);
      if (rows.length === 0) continue;
      const keys = Object.keys(rows[0].metrics);
      body.push(`<h3>${pairName(pair)} · ${task}</h3><div class="scroll"><table>${head(['slice', 'n', ...keys.map(label)])}<tbody>`);
      for (const r of rows) body.push(`<tr${r.kind === 'generator' ? '' : ' class="agg"'}>${sliceCell(r)}<td>${r.n}</td>${keys.map((k) => deltaCell(k, r.metrics[k])).join('')}</tr>`);
      body.push('</tbody></table></div>');
    }
  }
  body.push('</details></section>');
  return htmlPage(`text-gauntlet compare: ${c.baseline.id} → ${c.candidate.id}`, body);
}
