/**
 * The top of report.html, the answer first: the verdict on the gates, the
 * leaderboard (detectors x attack families), and where each detector fails.
 */
import type { Estimate, MetricsResult, SliceMetrics } from '../evaluate/metrics.js';
import { inScope, metricOf, type Rule, type Violation } from '../evaluate/rules.js';
import { describePolicy } from '../evaluate/metrics.js';
import { escapeHtml } from './html-escape.js';
import { estimateCell, intervalText, scaleColour } from './html-page.js';
import { leaderboard, type Leaderboard, type LeaderboardRow } from './leaderboard.js';
import { num, pct, sliceLabel } from './format.js';
import type { DetectorFailures } from './samples.js';

/** Violations listed per rule before the rest is folded. */
const SHOWN_VIOLATIONS = 6;

/**
 * The verdict: gates passed or failed, each broken rule with the slices
 * that break it, and the run's identity in one line. Without rules it says
 * plainly that nothing was gated.
 */
export function verdictHtml(result: MetricsResult, rules: readonly Rule[], violations: readonly Violation[]): string {
  const broken = rules.filter((r) => violations.some((v) => v.rule === r.text));
  const state = rules.length === 0 ? 'none' : broken.length > 0 ? 'fail' : 'pass';
  const headline =
    state === 'none'
      ? 'No gates: this run checked no <code>--fail-on</code> rule'
      : state === 'fail'
        ? `✗ Gates failed: ${broken.length} of ${rules.length} rule(s) broken, on ${violations.length} slice(s)`
        : `✓ Gates passed: all ${rules.length} rule(s) hold`;
  const out = [`<header id="verdict" class="verdict ${state}"><h1>${headline}</h1>`];
  if (rules.length > 0) {
    out.push('<ul>');
    for (const rule of rules) {
      const mine = violations.filter((v) => v.rule === rule.text);
      const scope = result.slices.filter((s) => !rule.delta && inScope(rule, s) && metricOf(s, rule.metric)?.value != null).length;
      if (mine.length === 0) {
        out.push(`<li>✓ <code>${escapeHtml(rule.text)}</code> holds on all ${scope} slice(s) in its scope</li>`);
        continue;
      }
      const item = (v: Violation) => `<li>${escapeHtml(v.detector)} on <code>${escapeHtml(v.slice)}</code>: ${num(v.actual)}</li>`;
      const rest = mine.length > SHOWN_VIOLATIONS ? `<details class="fold"><summary>${mine.length - SHOWN_VIOLATIONS} more</summary><ul>${mine.slice(SHOWN_VIOLATIONS).map(item).join('')}</ul></details>` : '';
      out.push(`<li>✗ <code>${escapeHtml(rule.text)}</code> broken on ${mine.length} of ${scope} slice(s):<ul>${mine.slice(0, SHOWN_VIOLATIONS).map(item).join('')}</ul>${rest}</li>`);
    }
    out.push('</ul>');
  } else {
    out.push('<p>Add <code>--fail-on "recall@fpr=0.05 &lt; 0.8"</code> (to <code>run</code>, <code>report</code> or <code>compare</code>) to gate CI on this report.</p>');
  }
  const { run, settings } = result;
  out.push(`<p class="run">Run <b>${escapeHtml(run.id)}</b> · suite ${escapeHtml(run.suite)} · ${run.detectors.length} detector(s) · dataset <code>${escapeHtml(run.datasetHash.slice(0, 16))}</code> · threshold: ${escapeHtml(describePolicy(settings.threshold))} · text-gauntlet ${escapeHtml(run.toolVersion)}</p>`);
  out.push('</header>');
  return out.join('');
}

/** A leaderboard cell: the value coloured on a red (0) to green (1) scale, the interval in its title. */
function boardCell(e: Estimate | null | undefined, what: string, worst: boolean): string {
  if (!e || e.value === null) return `<td class="cell na" title="${escapeHtml(`${what}: no value`)}">–</td>`;
  const title = `${what}: ${num(e.value)}${intervalText(e) ? `, 95% interval ${intervalText(e)}` : ''}${worst ? ' (the weakest family of this detector)' : ''}`;
  return `<td class="cell${worst ? ' worst' : ''}" style="background:${scaleColour(e.value)}" title="${escapeHtml(title)}">${worst ? '▼ ' : ''}${num(e.value)}</td>`;
}

/**
 * The leaderboard: one row per detector and task (ranked by the whole task
 * within each task), one cell per attack family: TPR at the headline FPR.
 * Every row has a cell for every family; a family its task lacks is a
 * grey dot. Spans rows carry plagdet only.
 */
export function leaderboardHtml(result: MetricsResult, anchors: ReadonlyMap<string, string>): string {
  const board = withSingleCellFamilies(result, leaderboard(result));
  const level = pct(board.level);
  const rank = (r: LeaderboardRow) => (r.task === 'spans' ? (r.plagdet?.value ?? -1) : (r.overall?.value ?? -1));
  const rows = [...board.rows].sort((a, b) => (a.task === b.task ? rank(b) - rank(a) : 0));
  const head = ['detector', 'task', 'all', ...board.families, 'F1', 'plagdet'];
  const out = [`<section id="leaderboard"><h2>Leaderboard: TPR at ${level} FPR per attack family</h2>`];
  out.push(`<p class="key">Each cell: the share of attacked texts flagged when ${level} of clean texts are. Red is 0, green is 1; ▼ marks each detector's weakest family; hover a cell for its 95% interval; – the task has no such family. Ranked by "all" within each task.</p>`);
  out.push(`<div class="scroll"><table class="board"><thead><tr>${head.map((h, i) => `<th${i < 2 ? ' class="l"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>`);
  for (const r of rows) {
    const values = [...r.families.values()].map((e) => e?.value).filter((v): v is number => v !== null && v !== undefined);
    const min = values.length > 1 ? Math.min(...values) : null;
    const name = anchors.has(r.detector) ? `<a href="#${anchors.get(r.detector)}">${escapeHtml(r.detector)}</a>` : escapeHtml(r.detector);
    const cells = board.families.map((family) => {
      const what = `${r.detector} · ${r.task} · ${family}: TPR at ${level} FPR`;
      if (!r.families.has(family)) return `<td class="cell na" data-family="${escapeHtml(family)}" title="${escapeHtml(`${r.detector} · ${r.task}: no ${family} attack in this task`)}">–</td>`;
      const e = r.families.get(family);
      return boardCell(e, what, min !== null && e?.value === min).replace('<td ', `<td data-family="${escapeHtml(family)}" `);
    });
    const all = r.task === 'spans' ? '<td class="cell na">–</td>' : boardCell(r.overall, `${r.detector} · ${r.task} · all: TPR at ${level} FPR`, false);
    out.push(`<tr data-detector="${escapeHtml(r.detector)}" data-task="${r.task}"><td class="l">${name}</td><td class="l">${r.task}</td>${all}${cells.join('')}${estimateCell(r.f1)}${estimateCell(r.plagdet)}</tr>`);
  }
  out.push('</tbody></table></div></section>');
  return out.join('');
}

/**
 * A family of one generator at one intensity has no family slice
 * (slices.ts), so the shared leaderboard leaves it out; here its only cell
 * stands for it, so every attack of the run has a column.
 */
function withSingleCellFamilies(result: MetricsResult, board: Leaderboard): Leaderboard {
  const key = String(board.level);
  const families = [...board.families];
  const rows = board.rows.map((r) => {
    if (r.task === 'spans') return r;
    const map = new Map(r.families);
    for (const s of result.slices) {
      if (s.detector !== r.detector || s.task !== r.task || s.kind !== 'generator' || s.family === null || map.has(s.family)) continue;
      if (result.slices.some((f) => f.detector === r.detector && f.task === r.task && f.kind === 'family' && f.family === s.family)) continue;
      map.set(s.family, s.tprAtFpr[key] ?? null);
      if (!families.includes(s.family)) families.push(s.family);
    }
    return { ...r, families: map };
  });
  return { ...board, families, rows };
}

/** The generator slices of one detector on one task, worst first by `value` (ascending, or descending with `highest`). */
function worst(slices: readonly SliceMetrics[], value: (s: SliceMetrics) => Estimate | null | undefined, highest: boolean, count: number): SliceMetrics[] {
  return slices
    .filter((s) => s.kind === 'generator' && value(s)?.value != null)
    // Ties (many slices at 0.000) go to the higher intensity: failing on a heavy attack says more.
    .sort((a, b) => (highest ? value(b)!.value! - value(a)!.value! : value(a)!.value! - value(b)!.value!) || (b.intensity ?? 0) - (a.intensity ?? 0))
    .slice(0, count);
}

const listOf = (slices: SliceMetrics[], value: (s: SliceMetrics) => Estimate | null | undefined) =>
  slices.length === 0 ? '–' : `<ul>${slices.map((s) => `<li>${escapeHtml(sliceLabel(s))}: <b>${num(value(s)!.value)}</b> <span class="meta">${intervalText(value(s))}</span></li>`).join('')}</ul>`;

/**
 * "Where it fails": per detector and task, the three slices with the lowest
 * recall, the attacked negatives it flags most (or the clean FPR when the
 * task has no attacked negatives), and links to its misses in the browser.
 */
export function whereItFailsHtml(result: MetricsResult, failures: readonly DetectorFailures[], anchors: ReadonlyMap<string, string>): string {
  const out = ['<section id="where-it-fails"><h2>Where it fails</h2>'];
  out.push('<p class="key">Per detector and task: the generator slices (one attack at one intensity) with the lowest recall at the operating threshold, and the highest false-positive rates. Spans: the lowest character recall.</p>');
  out.push('<table class="fails"><thead><tr><th class="l">detector</th><th class="l">task</th><th class="l">lowest recall</th><th class="l">highest FPR</th><th class="l">samples</th></tr></thead><tbody>');
  const keys = [...new Set(result.slices.map((s) => `${s.detector}\u0000${s.task}`))];
  for (const key of keys) {
    const [detector, task] = key.split('\u0000');
    const mine = result.slices.filter((s) => s.detector === detector && s.task === task);
    const name = anchors.has(detector) ? `<a href="#${anchors.get(detector)}">${escapeHtml(detector)}</a>` : escapeHtml(detector);
    if (task === 'spans') {
      const recall = (s: SliceMetrics) => s.spans?.recall;
      out.push(`<tr><td class="l">${name}</td><td class="l">spans</td><td class="l">${listOf(worst(mine, recall, false, 3), recall)}</td><td class="l">–</td><td class="l">–</td></tr>`);
      continue;
    }
    const recall = (s: SliceMetrics) => s.recall;
    const attacked = worst(mine, (s) => s.attackedFpr, true, 3);
    const overall = mine.find((s) => s.kind === 'overall');
    const fpr = attacked.length > 0 ? `attacked negatives:${listOf(attacked, (s) => s.attackedFpr)}` : `clean negatives: <b>${num(overall?.fpr.value)}</b> <span class="meta">${intervalText(overall?.fpr)}</span>`;
    const f = failures.find((x) => x.detector === detector && x.task === task);
    const samples = f ? `<a href="#${anchors.get(detector)}-samples-${task}">${f.missed} of ${f.positives} missed, ${f.falseAlarms} of ${f.negatives} false alarms</a>` : '–';
    out.push(`<tr><td class="l">${name}</td><td class="l">${escapeHtml(task)}</td><td class="l">${listOf(worst(mine, recall, false, 3), recall)}</td><td class="l">${fpr}</td><td class="l">${samples}</td></tr>`);
  }
  out.push('</tbody></table></section>');
  return out.join('');
}
