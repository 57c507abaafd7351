import { Bench } from 'tinybench';
import { readdirSync, mkdirSync } from 'node:fs';
import { cpus, totalmem, platform, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFigure, BenchSuite } from './contract.js';
import { writeFileAtomic } from '../core/io.js';
import { packageRoot, toolVersion } from '../core/version.js';

interface Row {
  suite: string;
  name: string;
  value: number;
  unit: string;
  target?: number;
  met?: boolean;
  samples?: number;
}

/** tinybench's default minimum of timed iterations per task. */
const DEFAULT_ITERATIONS = 64;

/**
 * `npm run bench [-- --json] [-- --only substring] [-- --time ms] [-- --iterations n]`
 *
 * `--only` picks suite files by name ("synonym" runs bench/suites/synonym-spin)
 * without importing the others; when no file name matches, it imports them
 * all and matches suite names ("detector plumbing"). `--iterations` caps
 * every task's minimum of timed iterations (a task may set a lower one).
 */
async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const time = argv.includes('--time') ? Number(argv[argv.indexOf('--time') + 1]) : 1000;
  const maxIterations = argv.includes('--iterations') ? Number(argv[argv.indexOf('--iterations') + 1]) : DEFAULT_ITERATIONS;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new Error('--iterations expects a positive integer');
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
  const all = readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
  const byFile = only === undefined ? all : all.filter((f) => f.slice(0, -'.js'.length).includes(only));
  const files = byFile.length > 0 ? byFile : all;
  const rows: Row[] = [];
  for (const file of files) {
    const suite = (await import(pathToFileURL(join(dir, file)).href)).default as BenchSuite;
    if (only && byFile.length === 0 && !suite.name.includes(only)) continue;
    if (!json) process.stderr.write(`bench: ${suite.name}...\n`);
    const { tasks, figures = [] } = await suite.setup();
    for (const t of tasks) {
      // One Bench per task, so that each gets its own iteration minimum.
      const iterations = Math.max(1, Math.min(maxIterations, t.iterations ?? DEFAULT_ITERATIONS));
      const bench = new Bench({ time, warmupTime: Math.min(200, time / 4), iterations, warmupIterations: Math.min(16, iterations) });
      bench.add(t.name, t.fn);
      await bench.run();
      const result = bench.tasks[0].result as { state: string; period?: number; error?: unknown };
      if (result.state === 'errored') throw new Error(`bench task "${t.name}" failed: ${String(result.error)}`);
      // period = totalTime / runs (ms): the honest mean, unlike a mean of per-sample rates.
      const opsPerSecond = result.period ? 1000 / result.period : 0;
      const value = opsPerSecond * t.unitsPerOp;
      rows.push({ suite: suite.name, name: t.name, value, unit: `${t.unit}/s`, target: t.target, met: t.target === undefined ? undefined : value >= t.target });
    }
    for (const f of figures as BenchFigure[]) {
      rows.push({ suite: suite.name, name: f.name, value: f.value, unit: f.unit, target: f.target, met: f.target === undefined ? undefined : f.higherIsBetter ? f.value >= f.target : f.value <= f.target });
    }
  }
  const report = {
    toolVersion: toolVersion(),
    node: process.version,
    machine: { platform: platform(), arch: arch(), cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryBytes: totalmem() },
    date: new Date().toISOString(),
    rows,
  };
  const outDir = join(packageRoot(), 'results', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
  const table = [['suite', 'task', 'measured', 'target', 'met'], ...rows.map((r) => [r.suite, r.name, `${fmt(r.value)} ${r.unit}`, r.target === undefined ? '' : `${fmt(r.target)} ${r.unit}`, r.met === undefined ? '' : r.met ? 'yes' : 'NO'])];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  for (const r of table) process.stdout.write(`${r.map((cell, c) => cell.padEnd(widths[c])).join('  ')}\n`);
  process.stdout.write(`\n${report.machine.cpus} x ${report.machine.cpuModel}, node ${report.node}; written to results/bench/latest.json\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 3;
});
