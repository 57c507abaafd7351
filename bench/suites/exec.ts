import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineBenchSuite, type BenchFigure } from '../contract.js';
import { packageRoot } from '../../core/version.js';
import type { DetectorItem, Sample } from '../../core/types.js';
import { loadDetector } from '../../detectors/load.js';
import { executeRun } from '../../harness/run.js';

/**
 * The detector plumbing: items per second through the exec protocol to a
 * trivial subprocess (DESIGN.md: >= 50,000), and the harness's own overhead
 * around an in-process detector that spends 1 ms per item (< 1%).
 */
const ITEMS = 20_000;
const OVERHEAD_ITEMS = 1500;

function items(n: number): DetectorItem[] {
  // A realistic item: a passage of about 300 words is ~1,800 characters.
  const text = 'The committee said on Tuesday that the new rules would take effect next year. '.repeat(23);
  return Array.from({ length: n }, (_, i) => ({ id: `tamper/ca${i % 44}/spin/0.2/${i}`, task: 'tamper', text }));
}

/** Runs the real runner over a temporary dataset with a 1 ms/item module detector; returns the overhead in percent. */
async function harnessOverhead(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-bench-'));
  try {
    const datasetDir = join(dir, 'dataset');
    const runDir = join(dir, 'run');
    const samples: Sample[] = items(OVERHEAD_ITEMS).map((item) => ({
      id: item.id, task: 'tamper', sourceId: 'ca01', generator: 'none', intensity: 0, realizedIntensity: 0, seed: '1', text: item.text,
      label: 0, factAltered: false, edits: [], split: 'test', role: 'pooled-negative',
    }));
    mkdirSync(datasetDir, { recursive: true });
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(datasetDir, 'samples.jsonl'), samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
    // The detector measures its own busy time, so the overhead is wall time minus exactly that.
    writeFileSync(
      join(dir, 'busy.mjs'),
      `export let busyMs = 0;
export default { name: 'busy', version: '1', tasks: ['tamper'], score(items) {
  const t0 = performance.now();
  const out = items.map((item) => { const end = performance.now() + 1; while (performance.now() < end); return { id: item.id, score: item.text.length }; });
  busyMs += performance.now() - t0;
  return out;
} };\n`,
    );
    const loaded = await loadDetector('busy.mjs', dir, { onLog: () => undefined });
    const busy = (await import(pathToFileURL(join(dir, 'busy.mjs')).href)) as { busyMs: number };
    const started = performance.now();
    await executeRun({ datasetDir, runDir, detectors: [{ ...loaded, spec: 'busy.mjs' }], reference: () => [] });
    const wall = performance.now() - started;
    return ((wall - busy.busyMs) / busy.busyMs) * 100;
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
    const figures: BenchFigure[] = [{ name: 'harness overhead, in-process detector at 1 ms/item', value: await harnessOverhead(), unit: '%', target: 1, higherIsBetter: false }];
    return {
      tasks: [
        { name: 'exec protocol, trivial detector, 1 process', fn: async () => {
          touchOne();
          await one.detector.score(batch);
          touchOne();
        }, unitsPerOp: ITEMS, unit: 'items', target: 50_000 },
        { name: 'exec protocol, trivial detector, 2 processes', fn: async () => {
          touchTwo();
          await two.detector.score(batch);
          touchTwo();
        }, unitsPerOp: ITEMS, unit: 'items', target: 50_000 },
      ],
      figures,
    };
  },
});
