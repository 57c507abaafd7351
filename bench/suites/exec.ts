import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineBenchSuite, type BenchFigure } from '../contract.js';
import { packageRoot } from '../../core/version.js';
import type { DetectorItem, Sample } from '../../core/types.js';
import { loadDetector } from '../../detectors/load.js';
import { executeRun } from '../../harness/score/runner.js';

/**
 * The detector plumbing: items per second through the exec protocol to a
 * trivial subprocess (DESIGN.md: >= 50,000), and the harness's own overhead
 * around an in-process detector that spends 1 ms per item (< 1%).
 */
const ITEMS = 20_000;
const OVERHEAD_ITEMS = 2000;

/** A realistic item carries a passage of about 300 words (~1,800 characters); a short one shows the protocol's own cost. */
function items(n: number, repeat = 23): DetectorItem[] {
  const text = 'The committee said on Tuesday that the new rules would take effect next year. '.repeat(repeat);
  return Array.from({ length: n }, (_, i) => ({ id: `tamper/ca${i % 44}/spin/0.2/${i}`, task: 'tamper', text }));
}

/**
 * The machine's ceiling for moving these bytes through a pipe and back: the
 * same request lines through `cat`, with no parsing at all.
 */
async function pipeCeiling(batch: readonly DetectorItem[]): Promise<number | undefined> {
  if (process.platform === 'win32') return undefined;
  const data = batch.map((item) => `${JSON.stringify(item)}\n`).join('');
  const bytes = Buffer.byteLength(data);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const child = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
    const started = performance.now();
    await new Promise<void>((resolve) => {
      let seen = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= bytes) resolve();
      });
      child.stdin.end(data);
    });
    best = Math.max(best, batch.length / ((performance.now() - started) / 1000));
    child.kill();
  }
  return best;
}

/**
 * Runs the real runner (harness/run.ts) over a temporary dataset with an
 * in-process module detector that either answers at once or spends 1 ms of
 * busy wall time per item. Returns the harness's CPU time per item (with the
 * instant detector: everything but the detector) and the wall-clock
 * overhead around the 1 ms detector.
 */
async function harnessOverhead(): Promise<{ cpuPerItemMs: number; wallOverheadPercent: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-bench-'));
  try {
    const datasetDir = join(dir, 'dataset');
    mkdirSync(datasetDir, { recursive: true });
    const samples: Sample[] = items(OVERHEAD_ITEMS).map((item) => ({
      id: item.id, task: 'tamper', sourceId: 'ca01', generator: 'none', intensity: 0, realizedIntensity: 0, seed: '1', text: item.text,
      label: 0, factAltered: false, edits: [], split: 'test', role: 'pooled-negative',
    }));
    writeFileSync(join(datasetDir, 'samples.jsonl'), samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
    // A built dataset always has its manifest; the runner takes its counts from it (one pass over the samples).
    writeFileSync(join(datasetDir, 'manifest.json'), JSON.stringify({ counts: { samples: samples.length, byTask: { tamper: samples.length } } }));
    // The detector measures its own busy time, so the overhead is wall time minus exactly that.
    writeFileSync(
      join(dir, 'busy.mjs'),
      `export const clock = { busyMs: 0, spin: 1 };
export default { name: 'busy', version: '1', tasks: ['tamper'], score(items) {
  const t0 = performance.now();
  const out = items.map((item) => { const end = performance.now() + clock.spin; while (performance.now() < end); return { id: item.id, score: item.text.length }; });
  clock.busyMs += performance.now() - t0;
  return out;
} };\n`,
    );
    const loaded = await loadDetector('busy.mjs', dir, { onLog: () => undefined });
    const { clock } = (await import(pathToFileURL(join(dir, 'busy.mjs')).href)) as { clock: { busyMs: number; spin: number } };
    const run = async (name: string) => {
      const runDir = join(dir, name);
      mkdirSync(runDir, { recursive: true });
      await executeRun({ datasetDir, runDir, detectors: [{ ...loaded, spec: 'busy.mjs' }], reference: () => [] });
    };
    clock.spin = 0;
    await run('warmup');
    const cpu0 = process.cpuUsage();
    await run('instant');
    const cpu = process.cpuUsage(cpu0);
    clock.spin = 1;
    clock.busyMs = 0;
    const started = performance.now();
    await run('busy');
    const wall = performance.now() - started;
    return { cpuPerItemMs: (cpu.user + cpu.system) / 1000 / OVERHEAD_ITEMS, wallOverheadPercent: ((wall - clock.busyMs) / clock.busyMs) * 100 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The suite contract has no teardown, and live subprocesses would keep the
 * bench from exiting: stop them once the bench has left them idle a while
 * (a later call starts them again).
 */
function closeWhenIdle(close: () => Promise<void>, idleMs = 2000): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void close(), idleMs);
    timer.unref();
  };
}

export default defineBenchSuite({
  name: 'detector plumbing',
  async setup() {
    const echo = join(packageRoot(), 'detectors', 'fixtures', 'echo.mjs');
    const config = (processes: number) => ({ type: 'exec', command: [process.execPath, echo], name: 'echo', version: '1', tasks: ['tamper'], processes, pipelineDepth: 1024 });
    const one = await loadDetector(config(1), packageRoot(), { onLog: () => undefined });
    const two = await loadDetector(config(2), packageRoot(), { onLog: () => undefined });
    const touchOne = closeWhenIdle(async () => one.detector.close?.());
    const touchTwo = closeWhenIdle(async () => two.detector.close?.());
    touchOne();
    touchTwo();
    const batch = items(ITEMS);
    const short = items(ITEMS, 1);
    const ceiling = await pipeCeiling(batch);
    const overhead = await harnessOverhead();
    const figures: BenchFigure[] = [
      // CPU time is what the harness costs whatever else the machine runs; against a 1 ms/item detector.
      { name: 'harness overhead vs a 1 ms/item in-process detector (harness CPU per item / 1 ms)', value: overhead.cpuPerItemMs * 100, unit: '%', target: 1, higherIsBetter: false },
      { name: 'harness overhead, wall clock, 1 ms/item detector (machine-load sensitive)', value: overhead.wallOverheadPercent, unit: '%', higherIsBetter: false },
    ];
    if (ceiling !== undefined) figures.push({ name: 'pipe ceiling: the same passage requests through cat, no parsing', value: ceiling, unit: 'items/s', higherIsBetter: true });
    return {
      tasks: [
        {
          name: 'exec protocol, trivial detector, 1 process, short items (protocol cost)',
          fn: async () => {
            touchOne();
            await one.detector.score(short);
            touchOne();
          },
          unitsPerOp: ITEMS,
          unit: 'items',
          target: 50_000,
        },
        { name: 'exec protocol, trivial detector, 1 process, 300-word passages', fn: async () => {
          touchOne();
          await one.detector.score(batch);
          touchOne();
        }, unitsPerOp: ITEMS, unit: 'items', target: 50_000 },
        { name: 'exec protocol, trivial detector, 2 processes, 300-word passages', fn: async () => {
          touchTwo();
          await two.detector.score(batch);
          touchTwo();
        }, unitsPerOp: ITEMS, unit: 'items', target: 50_000 },
      ],
      figures,
    };
  },
});
