/**
 * report.html: one self-contained file (inline CSS and SVG, no script, no
 * network). A Content-Security-Policy forbids scripts and remote loads, so
 * even a mistake in escaping could not run code; every string is escaped
 * anyway (see html.test.ts, which loads the page in headless Chromium).
 *
 * The answer comes first: the verdict on the gates, the leaderboard, where
 * each detector fails; then the details per detector, the sample browser
 * (what each detector missed), the method and the citation.
 */
import { resamplingNote } from './resampling.js';
import { TASKS } from '../../core/types.js';
import { describePolicy, type MetricsResult } from '../evaluate/metrics.js';
import type { Rule, Violation } from '../evaluate/rules.js';
import type { SampleText } from '../store/run-data.js';
import { citation } from './cite.js';
import { defineReporter, type ReportContext } from './reporter.js';
import { num, pct, thresholdText } from './format.js';
import { escapeHtml } from './html-escape.js';
import { anchorId, htmlPage } from './html-page.js';
import { leaderboardHtml, verdictHtml, whereItFailsHtml } from './html-verdict.js';
import { detectorSection } from './html-details.js';
import { sampleHtml, type BrowsedSample, type DetectorFailures } from './samples.js';

export interface HtmlInputs {
  result: MetricsResult;
  context: ReportContext;
  /** The --fail-on rules checked and the slices breaking them (the verdict). */
  rules?: readonly Rule[];
  violations?: readonly Violation[];
  /** The sample browser: failures per detector and task, the samples they name, their texts. */
  failures?: readonly DetectorFailures[];
  samples?: readonly BrowsedSample[];
  texts?: ReadonlyMap<string, SampleText>;
}

/** The `html` format: report.html, with the sample browser. */
export const htmlReporter = defineReporter({
  format: 'html',
  fileName: 'report.html',
  needsSamples: true,
  render: ({ metrics, context, rules, violations, failures, samples, texts }) => htmlReport({ result: metrics, context, rules, violations, failures, samples, texts }),
});

/** The whole page. */
export function htmlReport(inputs: HtmlInputs): string {
  const { result, context } = inputs;
  const failures = inputs.failures ?? [];
  const detectors = [...new Set([...result.run.detectors.map((d) => d.name), ...result.slices.map((s) => s.detector)])].filter((d) => result.slices.some((s) => s.detector === d));
  const anchors = new Map(detectors.map((d, i) => [d, anchorId('det', i, d)]));
  const body: string[] = [];
  body.push(verdictHtml(result, inputs.rules ?? [], inputs.violations ?? []));
  const toc = [['leaderboard', 'Leaderboard'], ['where-it-fails', 'Where it fails'], ...detectors.map((d) => [anchors.get(d)!, d]), ['samples', 'What each detector missed'], ['method', 'Method'], ['cite', 'Reproduce and cite']];
  body.push(`<nav class="toc" aria-label="contents">${toc.map(([id, name]) => `<a href="#${id}">${escapeHtml(name)}</a>`).join(' ')}</nav>`);
  body.push(leaderboardHtml(result, anchors));
  body.push(whereItFailsHtml(result, failures, anchors));
  for (const d of detectors) body.push(detectorSection(result, d, anchors.get(d)!));
  body.push(browserHtml(failures, inputs.samples ?? [], inputs.texts ?? new Map(), anchors));
  body.push(methodHtml(result));
  body.push('<section id="cite"><h2>Reproduce and cite</h2>');
  body.push(`<pre>${escapeHtml(citation(result, context, 'text').join('\n'))}</pre></section>`);
  return htmlPage(`text-gauntlet report: ${result.run.id}`, body);
}

/**
 * The sample browser: per detector and task, its misses (highest intensity
 * first) and its false alarms, each with the source and the judged text.
 */
function browserHtml(failures: readonly DetectorFailures[], samples: readonly BrowsedSample[], texts: ReadonlyMap<string, SampleText>, anchors: ReadonlyMap<string, string>): string {
  const out = ['<section id="samples"><h2>Sample browser: what each detector missed</h2>'];
  out.push('<p class="key">Per detector and task at its operating threshold: texts it did not flag although they were attacked (<b>missed</b>, highest intensity first, at most two per generator) and texts it flagged although they were not (<b>false alarm</b>, attacked negatives first). Edits are highlighted in the source and in the text the detector judged; hover one for before → after. The spans task has no decisions and is not listed.</p>');
  if (failures.length === 0) out.push('<p>No samples: the report was written without the sample browser, or no detector was decided on any task.</p>');
  const byId = new Map(samples.map((b) => [b.info.id, b]));
  const list = (ids: readonly string[], detector: string) => ids.map((id) => (byId.has(id) ? sampleHtml(byId.get(id)!, texts.get(id), detector) : '')).join('');
  for (const f of [...failures].sort((a, b) => [...anchors.keys()].indexOf(a.detector) - [...anchors.keys()].indexOf(b.detector) || TASKS.indexOf(a.task) - TASKS.indexOf(b.task))) {
    out.push(`<h3 id="${anchors.get(f.detector) ?? 'det'}-samples-${f.task}">${escapeHtml(f.detector)} · ${f.task}: ${f.missed} of ${f.positives} attacked texts missed, ${f.falseAlarms} of ${f.negatives} negatives flagged</h3>`);
    if (f.shownMissed.length > 0) out.push(`<h4>Missed (${f.shownMissed.length} of ${f.missed} shown)</h4>${list(f.shownMissed, f.detector)}`);
    else out.push('<p class="meta">No miss: every attacked text was flagged.</p>');
    if (f.shownFalseAlarms.length > 0) out.push(`<h4>False alarms (${f.shownFalseAlarms.length} of ${f.falseAlarms} shown)</h4>${list(f.shownFalseAlarms, f.detector)}`);
    else out.push('<p class="meta">No false alarm on the test negatives.</p>');
  }
  out.push('</section>');
  return out.join('');
}

/** How the numbers were made, and every operating point. */
function methodHtml(result: MetricsResult): string {
  const { settings } = result;
  const out = ['<section id="method"><h2>Method</h2><ul>'];
  out.push(`<li>Operating threshold: ${escapeHtml(describePolicy(settings.threshold))}. Calibration negatives are never in the numbers.</li>`);
  out.push(`<li>Errors: ${settings.errors === 'miss' ? 'an item whose detector call failed stays in, decided negative and ranked last (a failed positive is a miss, a failed negative a true negative)' : 'items whose detector call failed are left out; the err column counts them'}.</li>`);
  out.push(`<li>Intervals are 95%: Wilson for precision, recall and FPR; BCa bootstrap over source documents (${settings.bootstrap.replicates} resamples, seed "${escapeHtml(settings.bootstrap.seed)}") for F1, AP, ROC-AUC and TPR@FPR; BCa intervals contain their estimate, and the few that fall back to plain percentiles say so in metrics.json.${escapeHtml(resamplingNote(result)).replaceAll('`', '')}</li>`);
  out.push('<li>Each slice is one generator at one intensity plus every pooled negative of its task; "all" is the whole task; bold rows aggregate a family or a fact type.</li></ul>');
  out.push('<h3>Operating points</h3><div class="scroll"><table><thead><tr><th>detector</th><th>task</th><th>policy</th><th>threshold</th><th>calibration negatives</th><th>FPR reached</th><th class="l">note</th></tr></thead><tbody>');
  for (const op of result.operating) {
    const policy = op.policy.kind === 'fpr' ? `fpr ${pct(op.policy.target)}` : op.policy.kind === 'fixed' ? `fixed ${op.policy.value}` : 'label';
    out.push(`<tr><td>${escapeHtml(op.detector)}</td><td>${op.task}</td><td>${escapeHtml(policy)}</td><td>${escapeHtml(thresholdText(op.threshold))}</td><td>${op.calibration.negatives}${op.calibration.errors ? ` (+${op.calibration.errors} errors)` : ''}</td><td>${num(op.calibration.fprReached)}</td><td class="l note">${escapeHtml(op.note ?? '')}</td></tr>`);
  }
  out.push('</tbody></table></div></section>');
  return out.join('');
}
