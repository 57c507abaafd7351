import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../core/io.js';
import { packageRoot, toolVersion } from '../core/version.js';
import { workerCount } from '../core/worker-pool.js';
import { embeddedCorpus } from '../harness/build/corpus.js';
import { DEFAULT_THRESHOLD_POLICY } from '../harness/evaluate/threshold-policy.js';
import { resolveDetectors } from '../harness/score/detectors.js';
import { scoreDataset } from '../harness/score/score-dataset.js';
import { openDataset } from '../harness/store/dataset-dir.js';
import { createRunDir, newRunRecord, writeRun } from '../harness/store/run-dir.js';
import { createRunLog } from '../harness/store/run-log.js';

/**
 * The scaling table of DESIGN.md ("cost linear in samples"): for each size,
 * build, score and report run as three child processes, so each phase's peak
 * RSS is its own (one process's maxRSS never goes down, so phases in one
 * process inherit the peaks before them). Each child gets the default worker
 * count, as a user's `gauntlet build` / `run` would.
 *
 *   npm run bench:scale [-- --sizes 1000,10000,100000,1000000] [-- --quick] [-- --keep] [-- --note TEXT]
 *
 * --quick runs 1k and 10k and writes nothing (a smoke test of the bench);
 * --keep leaves the work folders in the temp directory; --note adds a
 * sentence about the machine to scaling.md (e.g. that it was shared);
 * --render rewrites scaling.md (and the checks in scaling.json) from the
 * figures in scaling.json, without measuring.
 * Internal: `--phase score DATASET RUN` is the scoring child (score without
 * the report that `gauntlet run` writes at its end).
 */

const RESULTS = join(packageRoot(), 'results', 'bench');
const SIZES = [1_000, 10_000, 100_000, 1_000_000];
const QUICK_SIZES = [1_000, 10_000];
/** Time per sample may grow at most this much from the reference size (10k) to a larger one. */
const LINEAR_SLACK = 1.5;
const LINEAR_REFERENCE = 10_000;
/** A phase's peak may grow past the reference size's by twice the corpus' growth (its text, held once as a string and once parsed) plus GC noise. */
const MEMORY_SLACK_MB = 32;
/** DESIGN.md: a streaming 1M-sample build+run stays under this with the default worker count. */
const PEAK_TARGET_MB = 500;
const PEAK_TARGET_SAMPLES = 1_000_000;

/** Several real generators on word, character and content level, 4 intensities each: ~20 samples per attacked document. */
const GENERATORS = [
  { name: 'synonym-spin', intensities: [0.1, 0.2, 0.3, 0.41] },
  { name: 'mlm-regen', intensities: [0.08, 0.16, 0.24, 0.3] },
  { name: 'misspelling', intensities: [0.1, 0.2, 0.3, 0.4] },
  { name: 'homoglyph', intensities: [0.05, 0.2, 0.35, 0.5] },
  { name: 'article-deletion', intensities: [0.25, 0.5, 0.75, 1] },
];
const CALIBRATION_SHARE = 0.1;
/** A real built-in (its reference index and n-gram tables) and a trivial module detector (the harness' own cost per item). */
const DETECTORS = ['unseen-ngrams', 'ngram-perplexity', './length-parity.mjs'];
const TRIVIAL_DETECTOR = `export default {
  name: 'length-parity',
  version: '1',
  tasks: ['tamper'],
  score: (items) => items.map((item) => ({ id: item.id, score: (item.text.length % 13) / 13 })),
};
`;

/** Loaded before the CLI in each child (main thread only: workers inherit execArgv): writes the process' rusage when it exits. */
const RUSAGE_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    'import { writeFileSync } from "node:fs"; import { isMainThread } from "node:worker_threads";' +
      'if (isMainThread && process.env.SCALING_RUSAGE) process.on("exit", () => writeFileSync(process.env.SCALING_RUSAGE, JSON.stringify(process.resourceUsage())));',
  );

const PHASES = ['build', 'score', 'report'] as const;
type PhaseName = (typeof PHASES)[number];
interface Phase {
  seconds: number;
  cpuSeconds: number;
  peakMB: number;
}
interface Row {
  target: number;
  samples: number;
  documents: number;
  corpusMB: number;
  datasetMB: number;
  phases: Record<PhaseName, Phase>;
  totalSeconds: number;
  totalCpuSeconds: number;
  usPerSample: number;
  cpuUsPerSample: number;
  /** CPU time per sample added from the previous size to this one: the slope, free of start-up cost. */
  marginalCpuUsPerSample?: number;
  peakMB: number;
  /** CPU time per sample against the reference size's: all phases together, and each phase (start-up amortised in the total can hide one phase's growth). */
  linear?: { ratio: number; byPhase: Record<PhaseName, number>; met: boolean };
  memory?: { growthMB: number; allowedMB: number; met: boolean };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--phase') return scorePhase(argv[2]!, argv[3]!);
  const say = (line: string) => process.stderr.write(`scale: ${line}\n`);
  if (argv.includes('--render')) {
    const report = JSON.parse(readFileSync(join(RESULTS, 'scaling.json'), 'utf8')) as Report;
    return finish(report, true, say);
  }
  const quick = argv.includes('--quick');
  const keep = argv.includes('--keep');
  const note = argv.includes('--note') ? argv[argv.indexOf('--note') + 1] : undefined;
  const sizes = argv.includes('--sizes') ? parseSizes(argv[argv.indexOf('--sizes') + 1]) : quick ? QUICK_SIZES : SIZES;
  const workers = workerCount(undefined);
  const loadBefore = loadavg()[0]!;
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-scale-'));
  say(`sizes ${sizes.join(', ')}; default workers ${workers}; work in ${root}`);
  try {
    // Warm-up: the table caches (WordNet, n-gram model, the detectors' indexes) are built once here, not in the first row; it also gives samples per document.
    const warm = await measureSize(root, 'warm-up', 60, say);
    const perDocument = warm.samples / warm.documents;
    say(`warm-up: ${warm.samples} samples from ${warm.documents} documents (${perDocument.toFixed(2)} per document)`);
    const rows: Row[] = [];
    for (const target of sizes) {
      const documents = Math.max(1, Math.round(target / perDocument));
      const row = { ...(await measureSize(root, String(target), documents, say)), target };
      rows.push(row);
      say(`${target}: ${row.samples} samples in ${row.totalSeconds} s (${row.usPerSample} us/sample wall, ${row.cpuUsPerSample} CPU), peak ${row.peakMB} MB`);
    }
    const report: Report & Record<string, unknown> = {
      command: `npm run bench:scale -- --sizes ${sizes.join(',')}`,
      date: new Date().toISOString(),
      machine: `${platform()} ${arch()}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB`,
      node: process.version,
      toolVersion: toolVersion(),
      commit: commitOf(),
      workers,
      loadAverage: { start: round1(loadBefore), end: round1(loadavg()[0]!) },
      note,
      suite: { tasks: ['tamper'], generators: GENERATORS, samplesPerSource: 1, calibrationShare: CALIBRATION_SHARE },
      detectors: DETECTORS.map((d) => d.replace(/^\.\/|\.mjs$/g, '')),
      targets: { linearSlack: LINEAR_SLACK, linearReference: LINEAR_REFERENCE, memorySlackMB: MEMORY_SLACK_MB, peakMB: PEAK_TARGET_MB, peakSamples: PEAK_TARGET_SAMPLES },
      peakTarget: 'not measured',
      rows,
    };
    finish(report, !quick, say);
  } finally {
    if (keep) say(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/** Judges the rows (again: --render re-reads them) and prints the table; writes scaling.json and scaling.md unless a smoke test. */
function finish(report: Report, write: boolean, say: (line: string) => void): void {
  judge(report.rows);
  report.peakTarget = peakTarget(report.rows);
  const table = markdown(report);
  process.stdout.write(`${table}\n`);
  if (!write) return;
  writeFileAtomic(join(RESULTS, 'scaling.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomic(join(RESULTS, 'scaling.md'), table);
  say('written to results/bench/scaling.json and scaling.md');
}

function parseSizes(raw: string | undefined): number[] {
  const sizes = (raw ?? '').split(',').map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error(`--sizes expects whole numbers >= 100 separated by commas, got "${raw}"`);
  return sizes;
}

/**
 * Documents of two sentences of the embedded corpus each (about 45 words),
 * as the former bench:stream: enough text for every generator to find its units, short
 * enough that 1M samples fit on disk and in an hour. The second sentence
 * shifts by one every full pass, so no two documents are the same text.
 */
function writeCorpus(path: string, documents: number): void {
  const sentences = embeddedCorpus()
    .flatMap((d) => d.text.split(/(?<=[.!?])\s+/))
    .filter((s) => s.split(' ').length >= 8);
  const n = sentences.length;
  const lines: string[] = [];
  for (let i = 0; i < documents; i++) {
    lines.push(JSON.stringify({ id: `s${i}`, text: `${sentences[i % n]} ${sentences[(i * 7 + 3 + Math.floor(i / n)) % n]}` }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function measureSize(root: string, label: string, documents: number, say: (line: string) => void): Promise<Omit<Row, 'target'>> {
  const dir = join(root, label);
  mkdirSync(dir);
  writeCorpus(join(dir, 'corpus.jsonl'), documents);
  writeFileSync(
    join(dir, 'suite.json'),
    JSON.stringify({ name: 'scale', seed: 1, corpus: { kind: 'path', path: 'corpus.jsonl' }, tasks: ['tamper'], generators: GENERATORS, samplesPerSource: 1, calibrationShare: CALIBRATION_SHARE }),
  );
  writeFileSync(join(dir, 'length-parity.mjs'), TRIVIAL_DETECTOR);
  const cli = join(packageRoot(), 'dist', 'cli', 'gauntlet.js');
  const self = fileURLToPath(import.meta.url);
  const build = await phase(dir, label, 'build', [cli, 'build', '--suite', 'suite.json', '--out', 'dataset', '--no-cache', '--quiet'], say);
  const manifest = JSON.parse(readFileSync(join(dir, 'dataset', 'manifest.json'), 'utf8')) as { counts: { samples: number } };
  const samples = manifest.counts.samples;
  const score = await phase(dir, label, 'score', [self, '--phase', 'score', 'dataset', 'run'], say);
  const report = await phase(dir, label, 'report', [cli, 'report', 'run'], say);
  const corpusMB = mb(statSync(join(dir, 'corpus.jsonl')).size);
  const datasetMB = mb(statSync(join(dir, 'dataset', 'samples.jsonl')).size);
  rmSync(dir, { recursive: true, force: true });
  const phases = { build, score, report };
  const totalSeconds = round1(build.seconds + score.seconds + report.seconds);
  const totalCpuSeconds = round1(build.cpuSeconds + score.cpuSeconds + report.cpuSeconds);
  return {
    samples,
    documents,
    corpusMB,
    datasetMB,
    phases,
    totalSeconds,
    totalCpuSeconds,
    usPerSample: Math.round((totalSeconds * 1e6) / samples),
    cpuUsPerSample: Math.round((totalCpuSeconds * 1e6) / samples),
    peakMB: Math.max(build.peakMB, score.peakMB, report.peakMB),
  };
}

/** One phase in its own process: wall time from the parent, CPU time and peak RSS from the child's own rusage. */
async function phase(dir: string, label: string, name: PhaseName, args: string[], say: (line: string) => void): Promise<Phase> {
  const rusage = join(dir, `${name}.rusage.json`);
  say(`${label}: ${name}...`);
  const started = performance.now();
  const heartbeat = setInterval(() => say(`${label}: ${name} still running (${Math.round((performance.now() - started) / 1000)} s)`), 60_000);
  const stderr: Buffer[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, ['--import', RUSAGE_HOOK, ...args], { cwd: dir, env: { ...process.env, SCALING_RUSAGE: rusage }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', fail);
    child.on('close', done);
  }).finally(() => clearInterval(heartbeat));
  const seconds = round1((performance.now() - started) / 1000);
  if (code !== 0 || !existsSync(rusage)) throw new Error(`${label}: ${name} exited with ${code}:\n${Buffer.concat(stderr).toString('utf8').slice(-4000)}`);
  const usage = JSON.parse(readFileSync(rusage, 'utf8')) as NodeJS.ResourceUsage;
  const result = { seconds, cpuSeconds: round1((usage.userCPUTime + usage.systemCPUTime) / 1e6), peakMB: Math.round(usage.maxRSS / 1024) };
  say(`${label}: ${name}: ${result.seconds} s wall, ${result.cpuSeconds} s CPU, peak RSS ${result.peakMB} MB`);
  return result;
}

/** The scoring child: what `gauntlet run --dataset` does before its report, with the default worker count. */
async function scorePhase(datasetDir: string, out: string): Promise<void> {
  const cwd = process.cwd();
  const dataset = openDataset(resolve(cwd, datasetDir));
  const log = createRunLog();
  const detectors = await resolveDetectors(DETECTORS, dataset.manifest.suite, cwd, log.write);
  try {
    const { id, dir, release } = createRunDir(cwd, 'scale', out, false);
    try {
      log.attach(dir);
      const record = newRunRecord({ id, command: 'bench:scale score', dataset, runDir: dir, detectors, threshold: DEFAULT_THRESHOLD_POLICY, baseDir: cwd });
      writeRun(dir, record);
      const summary = await scoreDataset({ runDir: dir, dataset, detectors, workers: workerCount(undefined), log: log.write });
      if (summary.errors > 0 || summary.interrupted) throw new Error(`scoring ended with ${summary.errors} errors${summary.interrupted ? ', interrupted' : ''}: see ${dir}/log.txt`);
      writeRun(dir, { ...record, status: 'complete', timing: { detectorMs: summary.timeMs }, items: { scored: summary.scored, errors: summary.errors, reused: summary.skipped } });
    } finally {
      release();
    }
  } finally {
    await Promise.allSettled(detectors.map(async (d) => d.detector.close?.()));
  }
}

/** Linearity (time per sample against the 10k row's) and memory (growth past the corpus' own) for each larger size. */
function judge(rows: Row[]): void {
  const reference = rows.find((r) => r.target === LINEAR_REFERENCE) ?? rows[0]!;
  for (const [i, row] of rows.entries()) {
    if (i > 0) {
      const before = rows[i - 1]!;
      row.marginalCpuUsPerSample = Math.round(((row.totalCpuSeconds - before.totalCpuSeconds) * 1e6) / Math.max(1, row.samples - before.samples));
    }
    if (row.target <= reference.target) continue;
    const perSample = (r: Row, p: PhaseName) => r.phases[p].cpuSeconds / r.samples;
    const byPhase = { build: 0, score: 0, report: 0 };
    for (const p of PHASES) byPhase[p] = Math.round((perSample(row, p) / perSample(reference, p)) * 100) / 100;
    const ratio = Math.round((row.cpuUsPerSample / reference.cpuUsPerSample) * 100) / 100;
    row.linear = { ratio, byPhase, met: [ratio, ...Object.values(byPhase)].every((x) => x <= LINEAR_SLACK) };
    const growthMB = Math.max(...PHASES.map((p) => row.phases[p].peakMB - reference.phases[p].peakMB));
    const allowedMB = Math.round(2 * (row.corpusMB - reference.corpusMB) + MEMORY_SLACK_MB);
    row.memory = { growthMB, allowedMB, met: growthMB <= allowedMB };
  }
}

function peakTarget(rows: Row[]): { samples: number; peakMB: number; buildScorePeakMB: number; met: boolean } | 'not measured' {
  const row = rows.find((r) => r.target >= PEAK_TARGET_SAMPLES);
  if (!row) return 'not measured';
  return { samples: row.samples, peakMB: row.peakMB, buildScorePeakMB: Math.max(row.phases.build.peakMB, row.phases.score.peakMB), met: row.peakMB < PEAK_TARGET_MB };
}

interface Report {
  command: string;
  commit: string;
  date: string;
  machine: string;
  node: string;
  workers: number;
  loadAverage: { start: number; end: number };
  note?: string;
  peakTarget: ReturnType<typeof peakTarget>;
  rows: Row[];
}

function markdown(report: Report): string {
  const yes = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'met' : 'NO');
  const n = (x: number) => x.toLocaleString('en-US');
  const reference = report.rows.find((r) => r.target === LINEAR_REFERENCE) ?? report.rows[0];
  const refName = reference ? n(reference.target) : n(LINEAR_REFERENCE);
  const t = report.peakTarget;
  const peak =
    t === 'not measured'
      ? `not measured in this table (no ${n(PEAK_TARGET_SAMPLES)}-sample row)`
      : `${n(t.samples)} samples: peak ${t.peakMB} MB over the three phases (build and score alone ${t.buildScorePeakMB} MB): **${yes(t.met)}**`;
  const generators = GENERATORS.map((g) => `${g.name} (${g.intensities.join(', ')})`).join(', ');
  return [
    '# Scaling: build, score and report against samples',
    '',
    `\`${report.command}\` on ${report.date.slice(0, 16).replace('T', ' ')} UTC, commit ${report.commit}: ${report.machine}, node ${report.node}, default worker count (${report.workers}); load average ${report.loadAverage.start} at the start, ${report.loadAverage.end} at the end.`,
    ...(report.note ? ['', report.note] : []),
    '',
    `| samples | documents | build s | score s | report s | total s (CPU s) | µs/sample wall | µs/sample CPU | marginal CPU µs/sample | peak MB build / score / report | linear: CPU µs/sample vs ${refName}, total (each phase), all ≤ ${LINEAR_SLACK}x | peak growth vs ${refName} (allowed) |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...report.rows.map(
      (r) =>
        `| ${[
          n(r.samples),
          n(r.documents),
          r.phases.build.seconds,
          r.phases.score.seconds,
          r.phases.report.seconds,
          `${r.totalSeconds} (${r.totalCpuSeconds})`,
          n(r.usPerSample),
          n(r.cpuUsPerSample),
          r.marginalCpuUsPerSample === undefined ? '—' : n(r.marginalCpuUsPerSample),
          `${r.phases.build.peakMB} / ${r.phases.score.peakMB} / ${r.phases.report.peakMB}`,
          r.linear ? `${r.linear.ratio}x (${PHASES.map((p) => `${p} ${r.linear!.byPhase[p]}x`).join(', ')}) ${yes(r.linear.met)}` : '—',
          r.memory ? `${r.memory.growthMB} MB (${r.memory.allowedMB}) ${yes(r.memory.met)}` : '—',
        ].join(' | ')} |`,
    ),
    '',
    `Target (DESIGN.md): a streaming 1M-sample build+run stays under ${PEAK_TARGET_MB} MB with the default worker count: ${peak}. The report phase counts too: \`gauntlet run\` writes the report at its end.`,
    '',
    '## How it is measured',
    '',
    `- **Phases.** Each size runs three child processes in a fresh folder: \`gauntlet build --suite suite.json --no-cache\`, the scoring child (\`bench/scaling.ts --phase score\`: what \`gauntlet run --dataset\` does before its report) and \`gauntlet report\`. Each gets the default worker count (core/worker-pool.ts \`workerCount\`: every core, or GAUNTLET_WORKERS). A process' peak RSS never goes down, so one process per phase gives each phase its own peak (the former bench:stream ran all in one process and showed earlier peaks under later phases).`,
    "- **Figures.** Wall seconds are timed by the parent from spawn to exit. CPU seconds (user + system) and peak RSS (maxRSS) come from the child's own \`process.resourceUsage()\`, written at exit by a hook loaded with \`--import\`; both cover the worker threads. A warm-up size (60 documents, not in the table) builds the table caches (WordNet, the n-gram model, the detectors' indexes) first, so no row pays for them, and gives the samples per document used to size the corpora.",
    `- **Corpus.** Documents of two sentences of the embedded corpus (Brown press passages), about 45 words each, as the former bench:stream used: realistic text for the generators, short enough that 1M samples fit on disk and in an hour or two. The second sentence shifts by one on every pass through the sentences, so no two documents are the same text. Passages of 150-400 words would cost more per sample, roughly in proportion to their words.`,
    `- **Suite.** Task tamper; ${generators}; one sample per source and intensity, ${CALIBRATION_SHARE * 100}% of documents calibration only: about 19 samples per document.`,
    `- **Detectors.** unseen-ngrams (its reference index), ngram-perplexity (its ~80 MB of count tables per worker: the heaviest built-in) and a trivial module detector (length-parity: the harness' own cost per item).`,
    `- **Linear.** CPU time per sample at each size larger than ${refName} against ${refName}'s, for the three phases together and for each phase, met when every ratio is at most ${LINEAR_SLACK}x (the total alone would let the start-up it amortises hide one phase's growth). CPU time, not wall time: on a loaded machine wall time measures the neighbours. Smaller sizes carry start-up (loading the tables: seconds) over few samples, hence their larger µs per sample; the marginal column is the CPU time each added sample cost from the previous row, free of start-up.`,
    `- **Memory.** The largest growth of a phase's peak over ${refName}'s (the first size where every build worker starts: one per 250 documents), allowed twice the corpus file's growth (the documents are held as text and parsed) plus ${MEMORY_SLACK_MB} MB of GC noise. More means memory grows with samples, not with the corpus.`,
    '',
  ].join('\n');
}

/** The checkout measured: HEAD, and whether files differed from it (dist is built from the working tree). */
function commitOf(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: packageRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') === '' ? '' : ' with uncommitted changes'}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round1 = (x: number) => Math.round(x * 10) / 10;

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench:scale: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 3;
});
