import type { MetricsResult, SliceMetrics } from '../evaluate/metrics.js';
import { inScope, metricKey, type Rule, type Violation } from '../evaluate/rules.js';
import { pairedUnit, slicePower } from '../evaluate/gate-power.js';
import { est, pct, sliceLabel, thresholdText } from './format.js';
import { defineReporter } from './reporter.js';

/** Text safe inside XML: entities escaped, characters XML 1.0 forbids dropped. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The `junit` format: junit.xml, one case per gated rule x slice (or per detector x family without rules). */
export const junitReporter = defineReporter({
  format: 'junit',
  fileName: 'junit.xml',
  render: ({ metrics, rules, violations }) => junitReport(metrics, rules, violations),
});

/** The figures of one slice, for a test case's system-out. */
function figures(s: SliceMetrics): string {
  return [
    `n=${s.n} positives=${s.positives} negatives=${s.negatives} errors=${s.errors} threshold=${thresholdText(s.threshold)}`,
    `precision=${est(s.precision)} recall=${est(s.recall)} f1=${est(s.f1)} fpr=${est(s.fpr)}`,
    `ap=${est(s.averagePrecision)} auc=${est(s.rocAuc)} ${Object.entries(s.tprAtFpr).map(([l, e]) => `tpr@${pct(Number(l))}=${est(e)}`).join(' ')}`,
    ...(s.spans ? [`span_precision=${est(s.spans.precision)} span_recall=${est(s.spans.recall)} granularity=${est(s.spans.granularity)} plagdet=${est(s.spans.plagdet)}`] : []),
  ].join('\n');
}

interface Case {
  classname: string;
  name: string;
  failure?: string;
  skipped?: string;
  out: string;
  err?: string;
}

function testCase(c: Case): string[] {
  const out = [`    <testcase classname="${xmlText(c.classname)}" name="${xmlText(c.name)}">`];
  if (c.failure) out.push(`      <failure message="${xmlText(c.failure)}" type="gate">${xmlText(c.failure)}</failure>`);
  if (c.skipped) out.push(`      <skipped message="${xmlText(c.skipped)}"/>`);
  out.push(`      <system-out>${xmlText(c.out)}</system-out>`);
  if (c.err) out.push(`      <system-err>${xmlText(c.err)}</system-err>`);
  out.push('    </testcase>');
  return out;
}

/**
 * junit.xml, sized for a CI test view:
 * - with --fail-on rules, one test suite per rule and one test case per
 *   slice the rule gates, failing when the slice breaks it; a delta rule
 *   (checked by `gauntlet compare`) gives skipped cases, with a warning in
 *   system-err where the slice is too small to detect the change it names;
 * - without rules, one test case per detector x attack family (the task's
 *   family slices), carrying the figures: a summary, not a gate.
 */
export function junitReport(result: MetricsResult, rules: readonly Rule[], violations: readonly Violation[]): string {
  const suites: Array<{ name: string; cases: Case[] }> = [];
  if (rules.length > 0) {
    for (const rule of rules) {
      const key = metricKey(rule.metric);
      const cases = result.slices
        .filter((s) => inScope(rule, s))
        .map((s): Case => {
          const broken = violations.filter((v) => v.rule === rule.text && v.detector === s.detector && v.slice === s.slice);
          const power = rule.delta ? slicePower(key, s) : null;
          const weak = rule.delta && rule.value !== 0 && pairedUnit(key) !== null && (power === null || power.mde === null || power.mde > Math.abs(rule.value));
          return {
            classname: `${s.detector}.${s.task}`,
            name: `${s.slice} (${sliceLabel(s)})`,
            ...(broken.length > 0 ? { failure: broken.map((x) => `${x.rule} (actual ${x.actual.toFixed(4)})`).join('; ') } : {}),
            ...(rule.delta ? { skipped: 'delta rule: checked by gauntlet compare against a baseline' } : {}),
            out: figures(s),
            ...(weak
              ? { err: `warning: this slice cannot detect a change of ${Math.abs(rule.value)} (minimum detectable change ${power?.mde == null ? 'none' : power.mde.toFixed(3)} at 80% power, alpha 0.05, ${power?.n ?? 0} pairs, discordance assumed ${power ? power.discordance.toFixed(3) : 'n/a'})` }
              : {}),
          };
        });
      suites.push({ name: `rule: ${rule.text}`, cases });
    }
  } else {
    const families = result.slices.filter((s) => s.kind === 'family');
    for (const detector of [...new Set(families.map((s) => s.detector))]) {
      const cases = families.filter((s) => s.detector === detector).map((s): Case => ({ classname: `${detector}.${s.task}`, name: `${s.task} / ${s.family ?? sliceLabel(s)}`, out: figures(s) }));
      suites.push({ name: detector, cases });
    }
  }
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  for (const suite of suites) {
    const f = suite.cases.filter((c) => c.failure).length;
    const k = suite.cases.filter((c) => c.skipped).length;
    tests += suite.cases.length;
    failures += f;
    skipped += k;
    body.push(`  <testsuite name="${xmlText(suite.name)}" tests="${suite.cases.length}" failures="${f}" errors="0" skipped="${k}">`);
    for (const c of suite.cases) body.push(...testCase(c));
    body.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(`text-gauntlet ${result.run.id}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}
