import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineDetector } from '../../core/types.js';
import { defineBenchSuite, type BenchFigure } from '../contract.js';
import { buildDataset } from '../../harness/build/dataset.js';
import { validateSuite } from '../../harness/build/suite.js';
import { executeRun, type LoadedDetector } from '../../harness/score/runner.js';
import { newRunRecord, writeRun } from '../../harness/store/run-dir.js';
import { writeRunReport } from '../../harness/report/index.js';
import { createRng } from '../../core/rng.js';
import type { SampleInfo, RunData, DetectorScores } from '../../harness/store/run-data.js';
import { computeMetrics } from '../../harness/evaluate/metrics.js';

/**
 * Every slice's metrics with B = 1000 BCa intervals (the report's cost
 * beyond reading files) on a run shaped like bench/streaming.ts's: `samples`
 * tamper samples, 20 per source document (10 intensities x 2) plus its clean
 * passage, 10% of documents for calibration, a detector with 13 distinct
 * scores drawn independently per sample: the worst case for the type draws
 * (stats/cell-bootstrap.ts), since nearly every document of the overall
 * slice then has its own totals (a real detector's scores, like
 * bench/streaming.ts's, agree within a document: ~800 types). Built in memory, so it times the statistics, not the disk; CPU
 * seconds of this process (process.cpuUsage), one run. Target (issue 20):
 * a 1,000,000-sample report in at most 20 s.
 */
function largeRunMetrics(samples: number): BenchFigure {
  const rng = createRng('bench-large-report');
  const perDoc = 21;
  const docs = Math.ceil(samples / perDoc);
  const infos: SampleInfo[] = [];
  const score: number[] = [];
  for (let d = 0; d < docs; d++) {
    const split = d % 10 === 0 ? 'calibration' : 'test';
    const base = { task: 'tamper' as const, sourceId: `s${d}`, split: split as 'test' | 'calibration', factTypes: [] };
    infos.push({ ...base, id: `s${d}-clean`, generator: 'none', intensity: 0, label: 0, role: 'pooled-negative', family: null });
    score.push(Math.floor(rng() * 13) / 13);
    if (split === 'calibration') continue;
    for (let k = 0; k < perDoc - 1; k++) {
      const intensity = (1 + (k >> 1)) / 10;
      infos.push({ ...base, id: `s${d}-${k}`, generator: 'whitespace', intensity, label: 1, role: 'positive', family: 'format' });
      score.push(Math.floor(rng() * 13) / 13);
    }
  }
  const n = infos.length;
  const scores: DetectorScores = { score: Float64Array.from(score), label: new Int8Array(n).fill(-1), error: new Uint8Array(n), present: new Uint8Array(n).fill(1), spans: new Map(), errorMessages: [] };
  const data = {
    runDir: '.',
    datasetDir: '.',
    run: { id: 'bench-large', createdAt: '', toolVersion: '', command: 'bench', suite: 'bench', datasetHash: '', detectors: [], threshold: { kind: 'fpr', target: 0.05 } },
    samples: infos,
    scores: new Map([['thirteen', scores]]),
  } as unknown as RunData;
  const start = process.cpuUsage();
  computeMetrics(data, { bootstrap: 1000 });
  const used = process.cpuUsage(start);
  return { name: `every slice's metrics, B = 1000, ${n} samples in ${docs} documents, independent scores (CPU s)`, value: Math.round((used.user + used.system) / 1e5) / 10, unit: 's', target: 20, higherIsBetter: false };
}

/**
 * Report writing from a run's scores: every format (md, html, csv, json,
 * junit, tex) with bootstrap intervals, in scored items per second.
 */
export default defineBenchSuite({
  name: 'report writing',
  async setup() {
    const suite = validateSuite(
      {
        name: 'bench-report',
        seed: 2,
        corpus: { kind: 'embedded', limit: 40 },
        tasks: ['tamper', 'reuse'],
        generators: [
          { name: 'homoglyph', intensities: [0.05, 0.2] },
          { name: 'whitespace', intensities: [0.2, 0.5] },
          { name: 'misspelling', intensities: [0.1, 0.3] },
        ],
        calibrationShare: 0.25,
      },
      'bench',
    );
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    const dataset = await buildDataset(suite, { baseDir: '.', outDir: join(dir, 'dataset'), workers: 1 });
    const detector = defineDetector({ name: 'length', version: '1', tasks: ['tamper', 'reuse'], score: (items) => items.map((i) => ({ id: i.id, score: (i.text.length % 101) / 101 })) });
    const loaded: LoadedDetector = { detector, identity: { name: 'length', version: '1', hash: 'h', tasks: detector.tasks }, spec: 'length' };
    const runDir = join(dir, 'run');
    mkdirSync(runDir);
    const record = newRunRecord({ id: 'bench', command: 'bench', dataset, runDir, detectors: [loaded], threshold: { kind: 'fpr', target: 0.05 }, baseDir: dir });
    writeRun(runDir, record);
    const summary = await executeRun({ datasetDir: dataset.dir, runDir, detectors: [loaded], reference: () => [] });
    writeRun(runDir, { ...record, status: 'complete' });
    const items = summary.scored + summary.errors;
    return {
      tasks: [{ name: `all report formats, ${items} scored items`, fn: () => writeRunReport(runDir), unitsPerOp: items, unit: 'items', iterations: 5 }],
      figures: [largeRunMetrics(1_000_000)],
    };
  },
});
