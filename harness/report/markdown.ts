import { resamplingNote } from './resampling.js';
import { TASKS } from '../../core/types.js';
import { describePolicy, type Estimate, type MetricsResult, type SliceMetrics } from '../evaluate/metrics.js';
import type { Rule, Violation } from '../evaluate/rules.js';
import { gateWarnings, slicePower } from '../evaluate/gate-power.js';
import { est as plainEst, mdCell, mdCode, num, pct, sliceLabel, thresholdText } from './format.js';
import { citation } from './cite.js';
import { defineReporter, type ReportContext } from './reporter.js';

const ERROR_POLICY: Record<MetricsResult['settings']['errors'], string> = {
  miss: 'an item whose detector call failed (or got no answer) stays in its slices, is decided negative and ranks below every scored item: a failed positive is a miss, a failed negative a true negative',
  exclude: 'an item whose detector call failed (or got no answer) is left out of every number; the errors column still counts it',
};

/** The `md` format: report.md. */
export const markdownReporter = defineReporter({
  format: 'md',
  fileName: 'report.md',
  render: ({ metrics, context, rules, violations }) => markdownReport(metrics, context, { rules, violations }),
});

/** A bootstrap interval that is not BCa (plain percentiles, see the notes) is marked with a dagger. */
const FALLBACK = '†';
const est = (e: Estimate | null | undefined): string => `${plainEst(e)}${e?.method === 'percentile-fallback' ? FALLBACK : ''}`;

function fallbackCount(result: MetricsResult): number {
  let count = 0;
  for (const s of result.slices) {
    const all = [s.f1, s.averagePrecision, s.rocAuc, ...Object.values(s.tprAtFpr), ...(s.spans ? [s.spans.precision, s.spans.recall, s.spans.granularity, s.spans.plagdet] : [])];
    count += all.filter((e) => e.method === 'percentile-fallback').length;
  }
  return count;
}

/** report.md: the policy, the gates (when rules are given), per task a table of slices with intervals, and how to reproduce and cite. */
export function markdownReport(result: MetricsResult, context: ReportContext, gates: { rules: readonly Rule[]; violations: readonly Violation[] } = { rules: [], violations: [] }): string {
  const { run, settings } = result;
  const lines: string[] = [];
  lines.push(`# text-gauntlet report: run ${mdCell(run.id)}`, '');
  lines.push(`Suite **${mdCell(run.suite)}**, dataset \`${mdCell(run.datasetHash)}\`, text-gauntlet ${mdCell(run.toolVersion)}, run created ${mdCell(run.createdAt ?? '')}.`, '');
  lines.push('## How to read it', '');
  lines.push(`- Operating threshold: ${describePolicy(settings.threshold)}. Calibration negatives are never in the numbers below.`);
  lines.push(`- Errors: ${ERROR_POLICY[settings.errors]}.`);
  const fallbacks = fallbackCount(result);
  lines.push(
    `- Intervals are 95%: Wilson for precision, recall and FPR; 95% BCa bootstrap over source documents, B=${settings.bootstrap.replicates} (seed "${mdCell(settings.bootstrap.seed)}"), for F1, AP, ROC-AUC and TPR at FPR. BCa intervals contain their estimate by construction${fallbacks > 0 ? `; ${fallbacks} interval(s) marked ${FALLBACK} could not use BCa (every resample on one side of the estimate, or a degenerate acceleration) and are plain percentiles reaching the estimate (metrics.json gives each one's note)` : ''}.${resamplingNote(result)}`,
  );
  lines.push('- A slice holds one generator at one intensity plus every pooled negative of its task (clean passages for tamper, nearest passages for reuse, fact-preserving rewrites for consistency); "all" is the whole task, "family" every generator of an attack family.');
  lines.push(`- TPR@x is the largest recall whose FPR on the slice's negatives is at most x, over every threshold; precision, recall, F1 and FPR are at the operating threshold.`, '');

  lines.push('## Operating points', '');
  lines.push('| detector | task | policy | threshold | calibration negatives | FPR reached on them | tied at the threshold | note |', '|---|---|---|---:|---:|---:|---:|---|');
  for (const op of result.operating) {
    const policy = op.policy.kind === 'fpr' ? `fpr ${pct(op.policy.target)}` : op.policy.kind === 'fixed' ? `fixed ${op.policy.value}` : 'label';
    const errors = op.calibration.errors > 0 ? ` (+${op.calibration.errors} errors)` : '';
    const ties = op.calibration.ties ? `${op.calibration.ties.count} (${op.calibration.ties.decided})` : '–';
    lines.push(`| ${mdCell(op.detector)} | ${op.task} | ${policy} | ${thresholdText(op.threshold)} | ${op.calibration.negatives}${errors} | ${num(op.calibration.fprReached)} | ${ties} | ${mdCell(op.note ?? '')} |`);
  }
  lines.push(
    '',
    'Ties: under an FPR target the threshold is the smallest value above the highest calibration score left unflagged, so every score tied with that one (the count above; test items included) is not flagged and the FPR on the calibration negatives never exceeds the target; under a fixed threshold a score equal to it is flagged (score >= threshold).',
    '',
  );
  lines.push(...gateSection(result, gates.rules, gates.violations));

  const levels = settings.fprLevels.map(String);
  for (const task of TASKS) {
    const taskSlices = result.slices.filter((s) => s.task === task);
    if (taskSlices.length === 0) continue;
    lines.push(`## ${task}`, '');
    for (const detector of [...new Set(taskSlices.map((s) => s.detector))]) {
      const rows = taskSlices.filter((s) => s.detector === detector);
      const attacked = rows.some((s) => s.attackedFpr !== null);
      lines.push(`### ${mdCell(detector)}`, '');
      if (task === 'spans') {
        lines.push('PAN-style character figures, micro-averaged over the slice\'s samples (plagdet = F1 / log2(1 + granularity)).', '');
        lines.push('| slice | n | err | span precision | span recall | granularity | plagdet |', '|---|---:|---:|---:|---:|---:|---:|');
        for (const s of rows) lines.push(`| ${s.kind === 'generator' ? mdCell(sliceLabel(s)) : `**${mdCell(sliceLabel(s))}**`} | ${s.n} | ${s.errors} | ${est(s.spans?.precision)} | ${est(s.spans?.recall)} | ${est(s.spans?.granularity)} | ${est(s.spans?.plagdet)} |`);
        lines.push('');
        continue;
      }
      const head = ['slice', 'n', 'pos', 'neg', 'err', 'precision', 'recall', 'F1', 'FPR', ...(attacked ? ['FPR attacked neg.'] : []), 'AP', 'ROC-AUC', ...levels.map((l) => `TPR@${pct(Number(l))}`)];
      lines.push(`| ${head.join(' | ')} |`, `|${head.map((_, c) => (c === 0 ? '---' : '---:')).join('|')}|`);
      for (const s of rows) lines.push(`| ${row(s, attacked, levels).join(' | ')} |`);
      lines.push('');
    }
  }
  lines.push(...citation(result, context, 'md'));
  return `${lines.join('\n')}\n`;
}

/** The gates: each rule with the slices breaking it, and warnings for delta rules the slices cannot power. */
function gateSection(result: MetricsResult, rules: readonly Rule[], violations: readonly Violation[]): string[] {
  if (rules.length === 0) return [];
  const lines = ['## Gates', ''];
  for (const rule of rules) {
    if (rule.delta) {
      lines.push(`- ${mdCode(rule.text)}: a delta rule, checked by \`gauntlet compare\` against a baseline.`);
      continue;
    }
    const broken = violations.filter((v) => v.rule === rule.text);
    lines.push(`- ${mdCode(rule.text)}: ${broken.length === 0 ? 'holds' : `**broken on ${broken.length} slice(s)**`}`);
    for (const v of broken.slice(0, 20)) lines.push(`  - ${mdCell(v.detector)} on ${mdCell(v.slice)}: ${num(v.actual)}`);
    if (broken.length > 20) lines.push(`  - (${broken.length - 20} more in junit.xml)`);
  }
  // Before a comparison only the slice sizes are known: the discordance is assumed (see docs/statistics.md).
  const warnings = gateWarnings(rules, result.slices, (s, key) => slicePower(key, s));
  if (warnings.length > 0) {
    lines.push('', '**Gate power warnings** (minimum detectable change of the paired test from the slice sizes, discordance assumed max(2 x change, 0.05)):', '');
    for (const w of warnings) lines.push(`- ${mdCell(w)}`);
  }
  lines.push('');
  return lines;
}

function row(s: SliceMetrics, attacked: boolean, levels: string[]): string[] {
  const label = s.kind === 'generator' ? mdCell(sliceLabel(s)) : `**${mdCell(sliceLabel(s))}**`;
  return [
    label,
    String(s.n),
    String(s.positives),
    String(s.negatives),
    String(s.errors),
    est(s.precision),
    est(s.recall),
    est(s.f1),
    est(s.fpr),
    ...(attacked ? [s.attackedFpr ? `${est(s.attackedFpr)} (n=${s.attackedNegatives})` : '–'] : []),
    est(s.averagePrecision),
    est(s.rocAuc),
    ...levels.map((l) => est(s.tprAtFpr[l])),
  ];
}
