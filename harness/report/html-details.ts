/**
 * The details of report.html, one section per detector: per task its
 * operating point, recall vs intensity as small multiples (one chart per
 * generator, so no line hides another), the precision-recall curves, and
 * the slice table whose secondary columns fold away.
 */
import { TASKS, type Task } from '../../core/types.js';
import type { Curve, MetricsResult, OperatingSummary, SliceMetrics } from '../evaluate/metrics.js';
import { escapeHtml } from './html-escape.js';
import { estimateCell } from './html-page.js';
import { num, pct, sliceLabel, thresholdText } from './format.js';
import { headlineLevel } from './leaderboard.js';
import { lineChart, smallMultiple, type Series } from './svg.js';

/** One detector's section: every task it was measured on. */
export function detectorSection(result: MetricsResult, detector: string, anchor: string): string {
  const out = [`<section id="${anchor}"><h2>${escapeHtml(detector)}</h2>`];
  const version = result.run.detectors.find((d) => d.name === detector);
  if (version) out.push(`<p class="meta">version ${escapeHtml(version.version)} · hash <code>${escapeHtml(version.hash.slice(0, 16))}</code></p>`);
  for (const task of TASKS) {
    const slices = result.slices.filter((s) => s.detector === detector && s.task === task);
    if (slices.length === 0) continue;
    out.push(`<h3 id="${anchor}-${task}">${escapeHtml(detector)} · ${task}</h3>`);
    const op = result.operating.find((o) => o.detector === detector && o.task === task);
    if (op) out.push(operatingLine(op));
    out.push(multiples(task, slices));
    if (task !== 'spans') {
      const pr = prChart(task, detector, result.curves);
      if (pr) out.push(`<div class="charts">${pr}</div>`);
    }
    out.push(task === 'spans' ? spansTable(slices) : sliceTables(slices, result.settings.fprLevels, headlineLevel(result)));
  }
  out.push('</section>');
  return out.join('');
}

function operatingLine(op: OperatingSummary): string {
  const how = op.policy.kind === 'fpr' ? `calibrated at ${pct(op.policy.target)} FPR on ${op.calibration.negatives} clean negatives${op.calibration.errors ? ` (+${op.calibration.errors} errors)` : ''}, reaching ${num(op.calibration.fprReached)} there` : op.policy.kind === 'fixed' ? 'a fixed value' : "the detector's own labels";
  return `<p class="meta">Operating threshold ${escapeHtml(thresholdText(op.threshold))}: ${escapeHtml(how)}.${op.note ? ` <span class="note">${escapeHtml(op.note)}</span>` : ''}</p>`;
}

/** Recall (span recall on spans) vs intensity: one small chart per generator, grouped by family, 95% intervals as whiskers. */
function multiples(task: Task, slices: SliceMetrics[]): string {
  const pick = (s: SliceMetrics) => (task === 'spans' ? s.spans?.recall : s.recall) ?? null;
  const mine = slices.filter((s) => s.kind === 'generator' && s.generator !== null);
  const generators = [...new Set(mine.map((s) => s.generator!))];
  const family = (g: string) => mine.find((s) => s.generator === g)?.family ?? 'other';
  const ordered = [...generators].sort((a, b) => family(a).localeCompare(family(b)));
  const figures: string[] = [];
  for (const g of ordered) {
    const points = mine.filter((s) => s.generator === g && pick(s)?.value != null).sort((a, b) => a.intensity! - b.intensity!);
    if (points.length === 0) continue;
    const series: Series = {
      name: g,
      points: points.map((s): [number, number] => [s.intensity!, pick(s)!.value!]),
      whiskers: points.map((s) => {
        const e = pick(s)!;
        return e.low === null || e.high === null ? null : [e.low, e.high];
      }),
      markers: true,
    };
    const what = task === 'spans' ? 'span recall' : 'recall';
    figures.push(smallMultiple(series, { title: `${g}: ${what} vs intensity`, xLabel: 'intensity', yLabel: what, caption: g, note: family(g) }));
  }
  if (figures.length === 0) return '';
  const what = task === 'spans' ? 'Span recall (characters found)' : 'Recall at the operating threshold';
  return `<p class="key">${what} vs intensity, one chart per generator (family in grey); whiskers are 95% intervals; both axes 0 to 1.</p><div class="multiples">${figures.join('')}</div>`;
}

/** Precision-recall curves of the task and of each family (the task's curve thicker). */
function prChart(task: Task, detector: string, curves: Curve[]): string | null {
  const pr = curves
    .filter((c) => c.detector === detector && c.slice.startsWith(`${task}/`))
    .map((c): Series => ({ name: c.slice === `${task}/*` ? 'all' : c.slice.slice(task.length + 1), points: c.points, emphasis: c.slice === `${task}/*` }));
  if (!pr.some((s) => s.points.length > 0)) return null;
  return lineChart(pr, { title: 'precision-recall', xLabel: 'recall', yLabel: 'precision', width: 360, height: 240 });
}

const row = (s: SliceMetrics, cells: string) => `<tr${s.kind === 'generator' ? '' : ' class="agg"'}><td>${escapeHtml(sliceLabel(s))}</td>${cells}</tr>`;
const headRow = (head: string[]) => `<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;

/**
 * The decision figures in a table that fits 1280 px (intervals under the
 * values), the ranking figures (AP, ROC-AUC, every TPR@FPR) in a second
 * table folded under it.
 */
function sliceTables(slices: SliceMetrics[], levels: number[], headline: number): string {
  const attacked = slices.some((s) => s.attackedFpr !== null);
  const head = ['slice', 'n', 'pos', 'neg', 'err', 'precision', 'recall', 'F1', 'FPR', ...(attacked ? ['FPR attacked'] : []), `TPR@${pct(headline)}`];
  const rows = slices.map((s) =>
    row(s, `<td>${s.n}</td><td>${s.positives}</td><td>${s.negatives}</td><td>${s.errors}</td>${estimateCell(s.precision)}${estimateCell(s.recall)}${estimateCell(s.f1)}${estimateCell(s.fpr)}${attacked ? estimateCell(s.attackedFpr) : ''}${estimateCell(s.tprAtFpr[String(headline)])}`),
  );
  const more = ['slice', 'AP', 'ROC-AUC', ...levels.map((l) => `TPR@${pct(l)}`)];
  const moreRows = slices.map((s) => row(s, `${estimateCell(s.averagePrecision)}${estimateCell(s.rocAuc)}${levels.map((l) => estimateCell(s.tprAtFpr[String(l)])).join('')}`));
  return [
    `<div class="scroll"><table>${headRow(head)}<tbody>${rows.join('')}</tbody></table></div>`,
    `<details class="more"><summary>Ranking figures: AP, ROC-AUC, ${levels.map((l) => `TPR@${pct(l)}`).join(', ')}</summary><div class="scroll"><table>${headRow(more)}<tbody>${moreRows.join('')}</tbody></table></div></details>`,
  ].join('');
}

/** Spans task: PAN-style character figures instead of decisions. */
function spansTable(slices: SliceMetrics[]): string {
  const head = ['slice', 'n', 'err', 'span precision', 'span recall', 'granularity', 'plagdet'];
  const rows = slices.map((s) => row(s, `<td>${s.n}</td><td>${s.errors}</td>${estimateCell(s.spans?.precision)}${estimateCell(s.spans?.recall)}${estimateCell(s.spans?.granularity)}${estimateCell(s.spans?.plagdet)}`));
  return `<div class="scroll"><table>${headRow(head)}<tbody>${rows.join('')}</tbody></table></div>`;
}
