import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBenchSuite } from '../contract.js';
import { createRng } from '../../core/rng.js';
import { readScoresFile } from '../../harness/evaluate/scores-file.js';
import { fileMetrics } from '../../harness/evaluate/file-metrics.js';
import { rankingMetrics, thresholdForFpr } from '../../harness/evaluate/stats/index.js';

const ROWS = 1_000_000;

/**
 * `gauntlet metrics` on 1,000,000 scores (DESIGN.md: < 2 s): read a JSONL
 * file and compute every metric (Wilson intervals, no bootstrap, which is
 * opt-in above 100,000 rows), plus the bare statistics.
 */
export default defineBenchSuite({
  name: 'metrics',
  async setup() {
    const rng = createRng('bench-metrics');
    const scores = new Float64Array(ROWS);
    const labels = new Uint8Array(ROWS);
    const lines: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      labels[i] = rng() < 0.3 ? 1 : 0;
      // Three decimals: many ties, as with real detectors.
      scores[i] = Math.round((rng() + labels[i] * 0.5) * 1000) / 1000;
      lines.push(`{"label":${labels[i]},"score":${scores[i]},"group":"doc${i % 50_000}"}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-bench-metrics-'));
    const file = join(dir, 'scores.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    lines.length = 0;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const negatives = scores.filter((_, i) => labels[i] === 0);
    return {
      tasks: [
        {
          name: 'gauntlet metrics: read 1M-row JSONL + every metric',
          fn: async () => fileMetrics(await readScoresFile(file), { bootstrap: 0 }),
          unitsPerOp: ROWS,
          unit: 'scores',
          target: ROWS / 2,
        },
        {
          // Issue 20: the bootstrap from per-group totals; these rows' groups hold 20 scores each on a 0.001 grid, so nearly every group
          // is its own type and the per-group draws are used (O(groups + cells) a resample).
          name: 'gauntlet metrics --bootstrap 1000: 1M rows in 50,000 groups',
          fn: async () => fileMetrics(await readScoresFile(file), { bootstrap: 1000 }),
          unitsPerOp: ROWS,
          unit: 'scores',
          iterations: 1,
          target: ROWS / 20,
        },
        { name: 'AP + ROC-AUC + TPR@FPR on 1M scores', fn: () => rankingMetrics(scores, labels, [0.01, 0.05]), unitsPerOp: ROWS, unit: 'scores' },
        { name: 'threshold at 5% FPR on 700k negatives', fn: () => thresholdForFpr(negatives, 0.05), unitsPerOp: negatives.length, unit: 'scores' },
      ],
    };
  },
});
