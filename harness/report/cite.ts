import type { MetricsResult } from '../evaluate/metrics.js';
import { mdCell } from './format.js';
import type { ReportContext } from './reporter.js';

export type { ReportContext } from './reporter.js';

/** The "reproduce and cite" block, in markdown (`md`) or as plain lines (`text`). */
export function citation(result: MetricsResult, context: ReportContext, format: 'md' | 'text'): string[] {
  const { run } = result;
  const bib = bibtex(result);
  if (format === 'text') {
    return [
      `Run: ${run.command}`,
      `Report: ${context.reportCommand}`,
      `Tool version: text-gauntlet ${run.toolVersion}`,
      `Suite: ${run.suite}; dataset hash: ${run.datasetHash}`,
      ...run.detectors.map((d) => `Detector ${d.name} ${d.version}: ${d.hash}`),
      ...(context.manifestHash && context.manifestHash !== run.datasetHash ? [`WARNING: the dataset's manifest hash is ${context.manifestHash}, not the run's.`] : []),
      '',
      bib,
    ];
  }
  return [
    '## Reproduce and cite',
    '',
    'Rebuild the dataset and rerun (same seed, same bytes), then regenerate this report:',
    '',
    '```sh',
    run.command,
    context.reportCommand,
    '```',
    '',
    `- Tool version: text-gauntlet ${mdCell(run.toolVersion)}`,
    `- Suite: ${mdCell(run.suite)}; dataset hash: \`${mdCell(run.datasetHash)}\``,
    ...run.detectors.map((d) => `- Detector ${mdCell(d.name)} ${mdCell(d.version)}: \`${mdCell(d.hash)}\``),
    ...(context.manifestHash && context.manifestHash !== run.datasetHash ? [`- **Warning**: the dataset's manifest hash is \`${mdCell(context.manifestHash)}\`, not the run's.`] : []),
    '',
    '```bibtex',
    bib,
    '```',
    '',
  ];
}

/** A BibTeX entry for the tool version, noting the run and dataset (see CITATION.cff). */
export function bibtex(result: MetricsResult): string {
  const { run } = result;
  const clean = (s: string) => s.replace(/[{}\\%#&$^_~]/g, (c) => `\\${c}`);
  return [
    `@software{text_gauntlet_${run.toolVersion.replace(/[^0-9A-Za-z]/g, '_')},`,
    '  title = {text-gauntlet: an adversarial text benchmark harness},',
    `  version = {${clean(run.toolVersion)}},`,
    `  note = {run ${clean(run.id)}, suite ${clean(run.suite)}, dataset ${clean(run.datasetHash)}},`,
    '}',
  ].join('\n');
}
