import type { MetricsResult, SliceMetrics } from '../evaluate/metrics.js';
import { inScope, type Rule, type Violation } from '../evaluate/rules.js';
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

/** The `junit` format: junit.xml, the gated slices as test cases. */
export const junitReporter = defineReporter({
  format: 'junit',
  fileName: 'junit.xml',
  render: ({ metrics, rules, violations }) => junitReport(metrics, rules, violations),
});

/**
 * junit.xml: one test suite per detector and task, one test case per gated
 * slice (a slice some --fail-on rule looks at; every slice when there are
 * no rules), failing with the rules it breaks. CI systems render these
 * without any plugin.
 */
export function junitReport(result: MetricsResult, rules: readonly Rule[], violations: readonly Violation[]): string {
  const absolute = rules.filter((r) => !r.delta);
  const gated = (s: SliceMetrics) => absolute.length === 0 || absolute.some((r) => inScope(r, s));
  const suites = new Map<string, SliceMetrics[]>();
  for (const s of result.slices) {
    if (!gated(s)) continue;
    const key = `${s.detector}\u0000${s.task}`;
    suites.set(key, [...(suites.get(key) ?? []), s]);
  }
  const broken = (s: SliceMetrics) => violations.filter((v) => v.detector === s.detector && v.slice === s.slice);
  let tests = 0;
  let failures = 0;
  const body: string[] = [];
  for (const slices of suites.values()) {
    const { detector, task } = slices[0];
    const suiteFailures = slices.filter((s) => broken(s).length > 0).length;
    tests += slices.length;
    failures += suiteFailures;
    body.push(`  <testsuite name="${xmlText(`${detector} / ${task}`)}" tests="${slices.length}" failures="${suiteFailures}" errors="0" skipped="0">`);
    for (const s of slices) {
      const lines = [
        `n=${s.n} positives=${s.positives} negatives=${s.negatives} errors=${s.errors} threshold=${thresholdText(s.threshold)}`,
        `precision=${est(s.precision)} recall=${est(s.recall)} f1=${est(s.f1)} fpr=${est(s.fpr)}`,
        `ap=${est(s.averagePrecision)} auc=${est(s.rocAuc)} ${Object.entries(s.tprAtFpr).map(([l, e]) => `tpr@${pct(Number(l))}=${est(e)}`).join(' ')}`,
        ...(s.spans ? [`span_precision=${est(s.spans.precision)} span_recall=${est(s.spans.recall)} granularity=${est(s.spans.granularity)} plagdet=${est(s.spans.plagdet)}`] : []),
      ];
      const v = broken(s);
      body.push(`    <testcase classname="${xmlText(`${detector}.${task}`)}" name="${xmlText(`${s.slice} (${sliceLabel(s)})`)}">`);
      if (v.length > 0) {
        const message = v.map((x) => `${x.rule} (actual ${x.actual.toFixed(4)})`).join('; ');
        body.push(`      <failure message="${xmlText(message)}" type="gate">${xmlText(message)}</failure>`);
      }
      body.push(`      <system-out>${xmlText(lines.join('\n'))}</system-out>`, '    </testcase>');
    }
    body.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(`text-gauntlet ${result.run.id}`)}" tests="${tests}" failures="${failures}" errors="0">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}
