import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBenchSuite } from '../contract.js';
import { buildDataset } from '../../harness/build/dataset.js';
import { validateSuite } from '../../harness/build/suite.js';

/**
 * Dataset building, single-threaded, in samples per second: 30 embedded
 * passages through cheap attacks and the synonym spinner into tamper and
 * reuse samples (corpus and indexes already loaded, as after the first build).
 */
export default defineBenchSuite({
  name: 'dataset build',
  async setup() {
    const suite = validateSuite(
      {
        name: 'bench',
        seed: 1,
        corpus: { kind: 'embedded', limit: 30 },
        tasks: ['tamper', 'reuse'],
        generators: [
          { name: 'synonym-spin', intensities: [0.2, 0.4] },
          { name: 'homoglyph', intensities: [0.1] },
          { name: 'whitespace', intensities: [0.2] },
          { name: 'misspelling', intensities: [0.2] },
        ],
        calibrationShare: 0.2,
      },
      'bench',
    );
    const out = mkdtempSync(join(tmpdir(), 'bench-build-'));
    const first = await buildDataset(suite, { baseDir: '.', outDir: out, noCache: true, workers: 1 });
    const samples = first.manifest.counts.samples;
    return {
      tasks: [
        {
          name: `build ${samples} samples (1 thread)`,
          fn: async () => {
            await buildDataset(suite, { baseDir: '.', outDir: out, noCache: true, workers: 1 });
          },
          unitsPerOp: samples,
          unit: 'samples',
          // Seconds per build: a handful of timed builds gives a stable mean.
          iterations: 5,
        },
      ],
    };
  },
});
