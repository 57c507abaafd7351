import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineDetector } from '../core/types.js';
import { writeFileAtomic } from '../core/io.js';
import { packageRoot, toolVersion } from '../core/version.js';
import { embeddedCorpus } from '../harness/build/corpus.js';
import { buildDataset } from '../harness/build/dataset.js';
import { validateSuite } from '../harness/build/suite.js';
import { executeRun, type LoadedDetector } from '../harness/score/runner.js';
import { newRunRecord, writeRun } from '../harness/store/run-dir.js';
import { writeRunReport } from '../harness/report/index.js';

/**
 * The streaming check of DESIGN.md: build, run and score a dataset of about
 * 1,000,000 samples and report peak memory (RSS) after each phase. Short
 * synthetic documents (sentences of the embedded corpus) keep the disk use
 * and time reasonable; memory is about the number of samples, not their size.
 *
 *   npm run bench:stream [-- --samples 1000000] [-- --workers 2]
 */
async function main(argv: string[]): Promise<void> {
  const target = argv.includes('--samples') ? Number(argv[argv.indexOf('--samples') + 1]) : 1_000_000;
  const workers = argv.includes('--workers') ? Number(argv[argv.indexOf('--workers') + 1]) : 2;
  const perDoc = 20; // 10 intensities x 2 seeds
  const docs = Math.ceil(target / (perDoc * 0.9 + 1));
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-stream-'));
  const rows: Array<{ phase: string; seconds: number; peakRssMB: number }> = [];
  const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);
  let t = performance.now();
  const mark = (phase: string) => {
    const now = performance.now();
    rows.push({ phase, seconds: Math.round((now - t) / 100) / 10, peakRssMB: peak() });
    process.stderr.write(`stream: ${phase}: ${rows.at(-1)!.seconds} s, peak RSS ${rows.at(-1)!.peakRssMB} MB\n`);
    t = now;
  };
  try {
    const sentences = embeddedCorpus().flatMap((d) => d.text.split(/(?<=[.!?])\s+/)).filter((s) => s.split(' ').length >= 8);
    const lines: string[] = [];
    for (let i = 0; i < docs; i++) lines.push(JSON.stringify({ id: `s${i}`, text: `${sentences[i % sentences.length]} ${sentences[(i * 7 + 3) % sentences.length]}` }));
    writeFileSync(join(dir, 'corpus.jsonl'), `${lines.join('\n')}\n`);
    lines.length = 0;
    mark(`write a corpus of ${docs} documents`);
    const suite = validateSuite(
      {
        name: 'stream',
        seed: 1,
        corpus: { kind: 'path', path: join(dir, 'corpus.jsonl') },
        tasks: ['tamper'],
        generators: [{ name: 'whitespace', intensities: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] }],
        samplesPerSource: 2,
        calibrationShare: 0.1,
      },
      'stream',
    );
    const dataset = await buildDataset(suite, { baseDir: dir, outDir: join(dir, 'dataset'), workers });
    mark(`build ${dataset.manifest.counts.samples} samples`);
    const detector = defineDetector({ name: 'length-parity', version: '1', tasks: ['tamper'], score: (items) => items.map((i) => ({ id: i.id, score: (i.text.length % 13) / 13 })) });
    const loaded: LoadedDetector = { detector, identity: { name: detector.name, version: '1', hash: 'trivial', tasks: ['tamper'] }, spec: detector.name, batchSize: 256 };
    const runDir = join(dir, 'run');
    mkdirSync(runDir);
    const record = newRunRecord({ id: 'stream', command: 'bench:stream', dataset, runDir, detectors: [loaded], threshold: { kind: 'fpr', target: 0.05 }, baseDir: dir });
    writeRun(runDir, record);
    const summary = await executeRun({ datasetDir: dataset.dir, runDir, detectors: [loaded], reference: () => [] });
    writeRun(runDir, { ...record, status: 'complete' });
    mark(`run ${summary.scored} items`);
    await writeRunReport(runDir, { formats: ['md', 'json', 'csv'] });
    mark('metrics and report');
    const report = { toolVersion: toolVersion(), node: process.version, samples: dataset.manifest.counts.samples, workers, rows };
    const out = join(packageRoot(), 'results', 'bench', 'streaming.json');
    writeFileAtomic(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\nwritten to results/bench/streaming.json\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench:stream: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 3;
});
