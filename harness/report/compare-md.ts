import { TASKS } from '../../core/types.js';
import type { Comparison, Delta, DeltaRow } from '../evaluate/compare.js';
import { mdCell, mdCode, num, pct, sliceLabel } from './format.js';

const LABELS: Record<string, string> = { precision: 'precision', recall: 'recall', f1: 'F1', fpr: 'FPR', ap: 'AP', auc: 'ROC-AUC', span_precision: 'span precision', span_recall: 'span recall', plagdet: 'plagdet' };
const label = (key: string) => LABELS[key] ?? (key.startsWith('tpr@') ? `TPR@${pct(Number(key.slice(4)))}` : key);

const signed = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : ''}${num(x)}`);
function cell(d: Delta | undefined): string {
  if (!d || d.delta === null) return '–';
  const ci = d.low === null || d.high === null ? '' : ` [${signed(d.low)}, ${signed(d.high)}]`;
  const p = d.pHolm === null ? '' : ` p=${d.pHolm < 0.001 ? d.pHolm.toExponential(1) : d.pHolm.toFixed(3)}`;
  return `${d.significant ? '**' : ''}${signed(d.delta)}${d.significant ? '**' : ''}${ci}${p}`;
}

/** The comparison as markdown: verdict on the rules first, then per task the delta tables. */
export function compareMarkdown(c: Comparison, options: { maxRows?: number } = {}): string {
  const lines: string[] = [];
  lines.push(`# text-gauntlet compare: ${mdCell(c.baseline.id)} → ${mdCell(c.candidate.id)}`, '');
  lines.push(`Dataset \`${mdCell(c.datasetHash)}\`; deltas are candidate (${mdCell(c.candidate.id)}) minus baseline (${mdCell(c.baseline.id)}).`);
  lines.push(`95% paired bootstrap intervals over source documents (${c.settings.bootstrap} resamples); p-values: exact McNemar on decisions (recall: positives; FPR: negatives; precision, F1: all items) or paired bootstrap (AP, ROC-AUC, TPR@FPR), Holm-adjusted per metric over all ${new Set(c.rows.map((r) => `${r.detector}\u0000${r.slice}`)).size} slices; **bold** = significant at ${c.settings.significance}.`, '');
  if (c.rules.length > 0) {
    if (c.violations.length === 0) lines.push(`All ${c.rules.length} rule(s) hold: ${c.rules.map(mdCode).join(', ')}.`, '');
    else {
      lines.push(`**${c.violations.length} rule violation(s):**`, '');
      for (const v of c.violations) lines.push(`- ${mdCode(v.rule)}: ${mdCell(v.detector)} on ${mdCell(v.slice)} is ${signed(v.actual)}${v.pValue !== undefined && v.pValue !== null ? ` (Holm p=${v.pValue.toFixed(4)})` : ''}`);
      lines.push('');
    }
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

function row(r: DeltaRow, keys: string[]): string[] {
  const name = mdCell(sliceLabel(r));
  return [r.kind === 'generator' ? name : `**${name}**`, String(r.n), ...keys.map((k) => cell(r.metrics[k]))];
}

/** A short summary for $GITHUB_STEP_SUMMARY: the verdict and the overall rows. */
export function compareStepSummary(c: Comparison): string {
  const overall = { ...c, rows: c.rows.filter((r) => r.kind === 'overall') };
  return compareMarkdown(overall);
}
