import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineDetector } from '../../core/types.js';
import { defineBenchSuite } from '../contract.js';
import { buildDataset } from '../../harness/build/dataset.js';
import { validateSuite } from '../../harness/build/suite.js';
import { executeRun, type LoadedDetector } from '../../harness/score/runner.js';
import { newRunRecord, writeRun } from '../../harness/store/run-dir.js';
import { writeRunReport } from '../../harness/report/index.js';

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
    };
  },
});
