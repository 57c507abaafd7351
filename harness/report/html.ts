/**
 * report.html: one self-contained file (inline CSS and SVG, no script, no
 * network). A Content-Security-Policy forbids scripts and remote loads, so
 * even a mistake in escaping could not run code; every string is escaped
 * anyway (see html.test.ts, which loads the page in headless Chromium).
 */
import { TASKS, type Task } from '../../core/types.js';
import { describePolicy, type Curve, type MetricsResult, type SliceMetrics } from '../evaluate/metrics.js';
import { citation } from './cite.js';
import { defineReporter, type ReportContext } from './reporter.js';
import { num, pct, sliceLabel, thresholdText } from './format.js';
import { escapeHtml } from './html-escape.js';
import type { SampleText } from '../store/run-data.js';
import { sampleHtml, type BrowsedSample } from './samples.js';
import { lineChart, type Series } from './svg.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1a1a1a}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}h3{font-size:15px}h4{margin:10px 0 4px}
table{border-collapse:collapse;font-size:12.5px;margin:8px 0}.scroll{overflow-x:auto}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}tr.agg td{font-weight:600;background:#f7f7f7}
.ci{color:#777;font-size:11px}.charts{display:flex;flex-wrap:wrap;gap:12px}.figure{margin:0;display:flex;gap:4px;align-items:flex-start}
.legend{list-style:none;padding:0;margin:28px 0 0;font-size:11px;width:130px}.legend li{margin:2px 0;word-break:break-all}
.swatch{display:inline-block;width:10px;height:10px;margin-right:5px;border-radius:2px}
.chart .grid{stroke:#eee}.chart .axis{stroke:#999}.chart .tick{font-size:10px;fill:#666}.chart .label{font-size:11px;fill:#333}.chart .ctitle{font-size:12px;font-weight:600;fill:#222}
pre{background:#f6f8fa;padding:10px;overflow-x:auto;font-size:12px}code{font-size:12px}
.sample{border:1px solid #e4e4e4;border-radius:4px;margin:4px 0;padding:4px 8px}.sample summary{cursor:pointer}
.text{white-space:pre-wrap;word-break:break-word;background:#fafafa;padding:8px;border-radius:4px;max-height:320px;overflow:auto;font-family:ui-monospace,monospace;font-size:12px}
mark{background:#ffe08a;border-bottom:2px solid #d08c00}.tag{font-size:11px;background:#eee;border-radius:3px;padding:0 4px}
.answer{font-size:12px;margin-left:6px}.answer.ok{color:#05753a}.answer.wrong{color:#b3261e}.meta{color:#666;font-size:12px}.cut{color:#999}.note{color:#8a5300}
`;

export interface HtmlInputs {
  result: MetricsResult;
  context: ReportContext;
  samples: readonly BrowsedSample[];
  texts: ReadonlyMap<string, SampleText>;
}

/** The `html` format: report.html, with the sample browser. */
export const htmlReporter = defineReporter({
  format: 'html',
  fileName: 'report.html',
  needsSamples: true,
  render: ({ metrics, context, samples, texts }) => htmlReport({ result: metrics, context, samples, texts }),
});

/** The whole page. */
export function htmlReport({ result, context, samples, texts }: HtmlInputs): string {
  const { run, settings } = result;
  const body: string[] = [];
  body.push(`<h1>text-gauntlet report: run ${escapeHtml(run.id)}</h1>`);
  body.push(`<p>Suite <b>${escapeHtml(run.suite)}</b> · dataset <code>${escapeHtml(run.datasetHash)}</code> · text-gauntlet ${escapeHtml(run.toolVersion)} · created ${escapeHtml(run.createdAt ?? '')}</p>`);
  body.push('<h2>How to read it</h2><ul>');
  body.push(`<li>Operating threshold: ${escapeHtml(describePolicy(settings.threshold))}. Calibration negatives are never in the numbers.</li>`);
  body.push(`<li>Errors: ${settings.errors === 'miss' ? 'an item whose detector call failed stays in, decided negative and ranked last (a failed positive is a miss, a failed negative a true negative)' : 'items whose detector call failed are left out; the err column counts them'}.</li>`);
  body.push(`<li>Intervals are 95%: Wilson for precision, recall and FPR; percentile bootstrap over source documents (${settings.bootstrap.replicates} resamples, seed "${escapeHtml(settings.bootstrap.seed)}") for F1, AP, ROC-AUC and TPR@FPR.</li>`);
  body.push('<li>Each slice is one generator at one intensity plus every pooled negative of its task; "all" is the whole task; bold rows aggregate a family or a fact type.</li></ul>');

  body.push('<h2>Operating points</h2><table><tr><th>detector</th><th>task</th><th>policy</th><th>threshold</th><th>calibration negatives</th><th>FPR reached</th><th>note</th></tr>');
  for (const op of result.operating) {
    const policy = op.policy.kind === 'fpr' ? `fpr ${pct(op.policy.target)}` : op.policy.kind === 'fixed' ? `fixed ${op.policy.value}` : 'label';
    body.push(`<tr><td>${escapeHtml(op.detector)}</td><td>${op.task}</td><td>${escapeHtml(policy)}</td><td>${escapeHtml(thresholdText(op.threshold))}</td><td>${op.calibration.negatives}${op.calibration.errors ? ` (+${op.calibration.errors} errors)` : ''}</td><td>${num(op.calibration.fprReached)}</td><td class="note">${escapeHtml(op.note ?? '')}</td></tr>`);
  }
  body.push('</table>');

  for (const task of TASKS) {
    const slices = result.slices.filter((s) => s.task === task);
    if (slices.length === 0) continue;
    body.push(`<h2 id="task-${task}">${task}</h2>`);
    body.push(charts(task, slices, result.curves));
    for (const detector of [...new Set(slices.map((s) => s.detector))]) {
      const mine = slices.filter((s) => s.detector === detector);
      body.push(task === 'spans' ? spansTable(detector, mine) : sliceTable(detector, mine, settings.fprLevels));
    }
  }

  body.push('<h2 id="samples">Sample browser</h2><p>A few samples per generator (highest intensity) and some negatives; edits are highlighted (hover for before → after). Green: the detector decided right at its operating point; red: wrong.</p>');
  for (const task of TASKS) {
    const list = samples.filter((b) => b.info.task === task);
    if (list.length === 0) continue;
    body.push(`<h3>${task}</h3>`, ...list.map((b) => sampleHtml(b, texts.get(b.info.id))));
  }

  body.push('<h2>Reproduce and cite</h2>');
  body.push(`<pre>${escapeHtml(citation(result, context, 'text').join('\n'))}</pre>`);

  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>text-gauntlet report: ${escapeHtml(run.id)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * Per detector: recall vs intensity, one small chart per attack family (one
 * line per generator, Wilson whiskers), and the PR curves of the task and
 * of each family.
 */
function charts(task: Task, slices: SliceMetrics[], curves: Curve[]): string {
  const out: string[] = [];
  // The spans task has no decisions: its chart is span recall (characters found).
  const pick = (s: SliceMetrics) => (task === 'spans' ? s.spans?.recall : s.recall) ?? null;
  const yLabel = task === 'spans' ? 'span recall (characters)' : 'recall at operating threshold';
  for (const detector of [...new Set(slices.map((s) => s.detector))]) {
    const mine = slices.filter((s) => s.detector === detector && s.kind === 'generator');
    const families = [...new Set(mine.map((s) => s.family ?? 'other'))];
    const figures: string[] = [];
    for (const family of families) {
      const generators = [...new Set(mine.filter((s) => (s.family ?? 'other') === family).map((s) => s.generator!))];
      const series: Series[] = generators.map((g) => {
        const points = mine.filter((s) => s.generator === g && pick(s)?.value != null).sort((a, b) => a.intensity! - b.intensity!);
        return {
          name: g,
          points: points.map((s): [number, number] => [s.intensity!, pick(s)!.value!]),
          whiskers: points.map((s) => {
            const e = pick(s)!;
            return e.low === null || e.high === null ? null : [e.low, e.high];
          }),
          markers: true,
        };
      });
      if (series.some((s) => s.points.length > 0)) figures.push(lineChart(series, { title: `${family}: recall vs intensity`, xLabel: 'intensity', yLabel, width: 320, height: 220 }));
    }
    const pr = curves
      .filter((c) => c.detector === detector && c.slice.startsWith(`${task}/`))
      .map((c): Series => ({ name: c.slice === `${task}/*` ? 'all' : c.slice.slice(task.length + 1), points: c.points, emphasis: c.slice === `${task}/*` }));
    if (pr.some((s) => s.points.length > 0)) figures.push(lineChart(pr, { title: 'precision-recall', xLabel: 'recall', yLabel: 'precision', width: 320, height: 220 }));
    if (figures.length > 0) out.push(`<h3>${escapeHtml(detector)}: charts</h3><div class="charts">${figures.join('')}</div>`);
  }
  return out.join('');
}

function estimateCell(e: SliceMetrics['recall'] | null | undefined): string {
  if (!e || e.value === null) return '<td>–</td>';
  const ci = e.low === null || e.high === null ? '' : ` <span class="ci">[${num(e.low)}, ${num(e.high)}]</span>`;
  return `<td>${num(e.value)}${ci}</td>`;
}

/** Spans task: PAN-style character figures instead of decisions. */
function spansTable(detector: string, slices: SliceMetrics[]): string {
  const head = ['slice', 'n', 'err', 'span precision', 'span recall', 'granularity', 'plagdet'];
  const rows = slices.map((s) => `<tr${s.kind === 'generator' ? '' : ' class="agg"'}><td>${escapeHtml(sliceLabel(s))}</td><td>${s.n}</td><td>${s.errors}</td>${estimateCell(s.spans?.precision)}${estimateCell(s.spans?.recall)}${estimateCell(s.spans?.granularity)}${estimateCell(s.spans?.plagdet)}</tr>`);
  return `<h3>${escapeHtml(detector)}</h3><div class="scroll"><table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.join('')}</table></div>`;
}

function sliceTable(detector: string, slices: SliceMetrics[], levels: number[]): string {
  const attacked = slices.some((s) => s.attackedFpr !== null);
  const cell = estimateCell;
  const head = ['slice', 'n', 'pos', 'neg', 'err', 'precision', 'recall', 'F1', 'FPR', ...(attacked ? ['FPR attacked'] : []), 'AP', 'ROC-AUC', ...levels.map((l) => `TPR@${pct(l)}`)];
  const rows = slices.map((s) => {
    const cls = s.kind === 'generator' ? '' : ' class="agg"';
    return `<tr${cls}><td>${escapeHtml(sliceLabel(s))}</td><td>${s.n}</td><td>${s.positives}</td><td>${s.negatives}</td><td>${s.errors}</td>${cell(s.precision)}${cell(s.recall)}${cell(s.f1)}${cell(s.fpr)}${attacked ? cell(s.attackedFpr) : ''}${cell(s.averagePrecision)}${cell(s.rocAuc)}${levels.map((l) => cell(s.tprAtFpr[String(l)])).join('')}</tr>`;
  });
  return `<h3>${escapeHtml(detector)}</h3><div class="scroll"><table><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${rows.join('')}</table></div>`;
}

