import { TASKS } from '../../core/types.js';
import { deltaPText, type Comparison, type Delta, type DeltaRow } from '../evaluate/compare.js';
import { mdCell, mdCode, num, pct, sliceLabel } from './format.js';
import type { Violation } from '../evaluate/rules.js';
import { formatP } from '../evaluate/stats/index.js';

const LABELS: Record<string, string> = { precision: 'precision', recall: 'recall', f1: 'F1', fpr: 'FPR', ap: 'AP', auc: 'ROC-AUC', span_precision: 'span precision', span_recall: 'span recall', plagdet: 'plagdet' };
const label = (key: string) => LABELS[key] ?? (key.startsWith('tpr@') ? `TPR@${pct(Number(key.slice(4)))}` : key);

const signed = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : ''}${num(x)}`);
/** Minimum detectable change beside a delta: `MDE 0.061`, `MDE –` when no change up to the discordance is detectable. */
export function mdeText(d: Delta): string {
  if (!d.power) return '';
  return `MDE ${d.power.mde === null ? '–' : num(d.power.mde)}`;
}

function cell(d: Delta | undefined): string {
  if (!d || d.delta === null) return '–';
  const mark = d.method === 'percentile-fallback' ? '†' : '';
  const ci = d.low === null || d.high === null ? '' : ` [${signed(d.low)}, ${signed(d.high)}]${mark}`;
  const p = d.pHolm === null ? '' : ` ${deltaPText(d, true)}`;
  const mde = d.power ? ` (${mdeText(d)})` : '';
  return `${d.significant ? '**' : ''}${signed(d.delta)}${d.significant ? '**' : ''}${ci}${p}${mde}`;
}

/** The comparison as markdown: verdict on the rules first, then per task the delta tables. */
export function compareMarkdown(c: Comparison, options: { maxRows?: number } = {}): string {
  const lines: string[] = [];
  lines.push(`# text-gauntlet compare: ${mdCell(c.baseline.id)} → ${mdCell(c.candidate.id)}`, '');
  lines.push(`Dataset \`${mdCell(c.datasetHash)}\`; deltas are candidate (${mdCell(c.candidate.id)}) minus baseline (${mdCell(c.baseline.id)}).`);
  lines.push(
    `Intervals: 95% paired BCa bootstrap over source documents, B=${c.settings.bootstrap} († = BCa unusable there, plain percentiles reaching the delta). p-values: exact McNemar on decisions (recall: positives; FPR: negatives; precision, F1: all items) or paired bootstrap (AP, ROC-AUC, TPR@FPR; at best 2/(B+1), printed as "p < ..." when no resample reaches zero); ${c.settings.holm}; **bold** = significant at ${c.settings.significance}. MDE: the minimum detectable change of the paired test at 80% power and alpha 0.05 (recall and FPR from the observed discordant pairs; TPR@FPR from the positives with an assumed discordance; none for precision, F1, AP, ROC-AUC and span figures).`,
    '',
  );
  if (c.rules.length > 0) {
    if (c.violations.length === 0) lines.push(`All ${c.rules.length} rule(s) hold: ${c.rules.map(mdCode).join(', ')}.`, '');
    else {
      lines.push(`**${c.violations.length} rule violation(s):**`, '');
      for (const v of c.violations) lines.push(`- ${mdCode(v.rule)}: ${mdCell(v.detector)} on ${mdCell(v.slice)} is ${signed(v.actual)}${violationP(v)}`);
      lines.push('');
    }
  }
  if (c.warnings.length > 0) {
    lines.push('**Gate power warnings:**', '');
    for (const w of c.warnings) lines.push(`- ${mdCell(w)}`);
    lines.push('');
  }
  for (const task of TASKS) {
    const rows = c.rows.filter((r) => r.task === task);
    if (rows.length === 0) continue;
    const shown = Object.keys(rows[0].metrics).filter((k) => k !== 'precision');
    lines.push(`## ${task}`, '');
    for (const pair of c.pairs) {
      const mine = rows.filter((r) => r.detector === pair.candidate && r.baselineDetector === pair.baseline);
      if (mine.length === 0) continue;
      const limited = options.maxRows !== undefined ? mine.slice(0, options.maxRows) : mine;
      lines.push(`### ${mdCell(pair.baseline)} → ${mdCell(pair.candidate)}`, '');
      const head = ['slice', 'n', ...shown.map((k) => `Δ ${label(k)}`)];
      lines.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
      for (const r of limited) lines.push(`| ${row(r, shown).join(' | ')} |`);
      if (limited.length < mine.length) lines.push('', `(${mine.length - limited.length} more slices in compare.json)`);
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}

/** ` (Holm p = 0.012)` for a delta rule's violation, never "p = 0". */
export function violationP(v: Violation): string {
  if (v.pValue === undefined || v.pValue === null) return '';
  return ` (Holm ${formatP({ p: v.pValue, atFloor: v.pAtFloor ?? false })})`;
}

function row(r: DeltaRow, keys: string[]): string[] {
  const name = mdCell(sliceLabel(r));
  return [r.kind === 'generator' ? name : `**${name}**`, String(r.n), ...keys.map((k) => cell(r.metrics[k]))];
}

/** A short summary for $GITHUB_STEP_SUMMARY: the verdict and the overall rows. */
export function compareStepSummary(c: Comparison): string {
  const overall = { ...c, rows: c.rows.filter((r) => r.kind === 'overall') };
  return compareMarkdown(overall);
}
