import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBenchSuite, type BenchFigure } from '../contract.js';
import { benchText } from '../text.js';

/**
 * Peak memory of `gauntlet perturb <generator> --json` on a ~50 MB input,
 * as a multiple of the input's size in bytes (issue 21 item 10: at most
 * about 10x). Node's own ~45 MB and a generator's fixed tables count too,
 * which is why the input is large. Each generator runs in its own process,
 * whose maxRSS (its own `process.resourceUsage()`, written at exit by a hook
 * loaded with `--import`) is the figure; the output goes to /dev/null.
 * `BENCH_PERTURB_MB` changes the input size.
 */
const GENERATORS = ['flatten-whitespace', 'mojibake', 'fact-swap', 'synonym-spin'];
const TARGET_RATIO = 10;

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'gauntlet.js');
const article = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'article.txt');

const RUSAGE_HOOK = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs"; import { isMainThread } from "node:worker_threads"; ' +
    'if (isMainThread && process.env.PERTURB_RUSAGE) process.on("exit", () => writeFileSync(process.env.PERTURB_RUSAGE, JSON.stringify(process.resourceUsage())));',
)}`;

export default defineBenchSuite({
  name: 'perturb',
  async setup() {
    const mb = Number(process.env.BENCH_PERTURB_MB ?? 50);
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-perturb-bench-'));
    try {
      const input = join(dir, 'input.txt');
      writeFileSync(input, await largeText(mb * 1_000_000));
      const bytes = statSync(input).size;
      const figures: BenchFigure[] = [];
      for (const generator of GENERATORS) {
        const usageFile = join(dir, `${generator}.json`);
        const run = spawnSync(process.execPath, ['--import', RUSAGE_HOOK, cli, 'perturb', generator, '--seed', '1', '--json', '--input', input], {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, PERTURB_RUSAGE: usageFile },
        });
        if (run.status !== 0) throw new Error(`perturb ${generator} failed (${run.status ?? run.signal}): ${String(run.stderr).slice(0, 300)}`);
        const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number };
        const peak = usage.maxRSS * 1024;
        figures.push({ name: `perturb ${generator} --json, ${Math.round(bytes / 1e6)} MB input: peak RSS / input`, value: peak / bytes, unit: 'x', target: TARGET_RATIO, higherIsBetter: false });
      }
      return { tasks: [], figures };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** The example article and the embedded corpus's passages, repeated to `bytes` (cut at a line end). */
async function largeText(bytes: number): Promise<string> {
  const { text } = await benchText(Number.MAX_SAFE_INTEGER);
  const base = `${readFileSync(article, 'utf8')}\n\n${text}\n\n`;
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    parts.push(base);
    size += Buffer.byteLength(base);
  }
  const all = parts.join('');
  return all.slice(0, all.lastIndexOf('\n', Math.min(all.length, bytes)) + 1);
}
