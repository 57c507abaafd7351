import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBenchSuite, type BenchFigure, type BenchTask } from '../contract.js';
import { embeddedCorpus } from '../../harness/build/corpus.js';
import { buildWordNetIndex, loadWordNet, WordNet, wordNetCachePath } from '../../core/wordnet/index.js';
import spin from '../../generators/synonym-spin.js';
import { NaiveCandidates } from '../../generators/spin/naive.js';
import { TableLexicon } from '../../generators/spin/naive-lexicon.js';
import { buildNaiveTable, loadNaiveTable, NaiveTable, naiveTablePath } from '../../generators/spin/naive-table.js';

/**
 * synonym-spin throughput on the embedded corpus (Brown press passages),
 * both modes, and the WordNet index load time. The loops run with a warm
 * per-token memo, as a long run does after its first passages; the cold
 * first pass is reported as a figure beside them, and so is the CLI end to
 * end on a 300,000-word input (a fresh process: start-up, table load, cold
 * memo; DESIGN.md's target), next to what Node alone takes to start and
 * stop in the same environment: the floor under that figure.
 */
const TARGET_WORDS = 50_000;
/** Careful mode tags every word, so it gets a shorter text and fewer iterations. */
const CAREFUL_WORDS = 20_000;
const CLI_WORDS = 300_000;

/** Corpus passages as paragraphs until `targetWords` words, starting over when the corpus runs out. */
function corpusText(targetWords: number): { text: string; words: number } {
  const docs = [...embeddedCorpus()];
  const parts: string[] = [];
  let words = 0;
  for (let i = 0; words < targetWords && docs.length > 0; i++) {
    const text = docs[i % docs.length].text;
    parts.push(text);
    words += text.split(/\s+/).filter(Boolean).length;
  }
  return { text: parts.join('\n\n'), words };
}

function timeMs(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/**
 * Words per second of process CPU time over `runs` calls after 10 warm-up
 * calls: on a shared machine, wall time counts the time other processes
 * hold the core (tinybench's figures above); CPU time does not, but it
 * counts V8's GC helper threads too, so it errs low.
 */
function cpuThroughput(words: number, runs: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < 10; i++) fn(-1 - i);
  const start = process.cpuUsage();
  for (let i = 0; i < runs; i++) fn(i);
  const used = process.cpuUsage(start);
  return (words * runs) / ((used.user + used.system) / 1e6);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default defineBenchSuite({
  name: 'synonym-spin',
  async setup() {
    const { text, words } = corpusText(TARGET_WORDS);
    const short = corpusText(CAREFUL_WORDS);
    const coldBuildMs = timeMs(() => buildWordNetIndex());
    const wn = await loadWordNet(); // builds the cache if this checkout has none
    const path = wordNetCachePath();
    const cachedLoadMs = median([0, 1, 2, 3, 4].map(() => timeMs(() => new WordNet(readFileSync(path)))));
    const tableBuildMs = timeMs(() => buildNaiveTable(wn));
    const table = loadNaiveTable(); // builds the cache if this checkout has none
    const tableLoadMs = median([0, 1, 2, 3, 4].map(() => timeMs(() => new NaiveTable(readFileSync(naiveTablePath())))));
    const coldMemoMs = timeMs(() => new NaiveCandidates(new TableLexicon(table)).eligibleTokens(text));
    const cli = cliRun(corpusText(CLI_WORDS), process.env);
    // Sandboxes often point NODE_EXTRA_CA_CERTS at the system bundle: every node process then parses it at start-up.
    const caFree = process.env.NODE_EXTRA_CA_CERTS === undefined ? undefined : cliRun(corpusText(CLI_WORDS), { ...process.env, NODE_EXTRA_CA_CERTS: undefined });
    await spin.prepare?.({ mode: 'naive' });
    await spin.prepare?.({ mode: 'careful' });
    const naiveCpu = cpuThroughput(words, 30, (i) => spin.generate(text, { intensity: 0.41, seed: `cpu${i}` }));
    const carefulCpu = cpuThroughput(short.words, 10, (i) => spin.generate(short.text, { intensity: 0.41, seed: `cpu${i}`, params: { mode: 'careful' } }));
    let seed = 0;
    const tasks: BenchTask[] = [
      { name: 'naive spin (0.41)', fn: () => spin.generate(text, { intensity: 0.41, seed: String(seed++) }), unitsPerOp: words, unit: 'words', target: 2_000_000 },
      { name: 'careful spin (0.41)', fn: () => spin.generate(short.text, { intensity: 0.41, seed: String(seed++), params: { mode: 'careful' } }), unitsPerOp: short.words, unit: 'words', target: 100_000, iterations: 16 },
    ];
    const figures: BenchFigure[] = [
      { name: 'naive spin (0.41), by process CPU time (GC threads included)', value: naiveCpu, unit: 'words/s', target: 2_000_000, higherIsBetter: true },
      { name: 'careful spin (0.41), by process CPU time (GC threads included)', value: carefulCpu, unit: 'words/s', target: 100_000, higherIsBetter: true },
      { name: 'WordNet index build (cold, no cache)', value: coldBuildMs, unit: 'ms', higherIsBetter: false },
      { name: 'WordNet index load (cached)', value: cachedLoadMs, unit: 'ms', target: 100, higherIsBetter: false },
      { name: 'naive-spin table build (cold, from the index)', value: tableBuildMs, unit: 'ms', higherIsBetter: false },
      { name: 'naive-spin table load (cached)', value: tableLoadMs, unit: 'ms', higherIsBetter: false },
      { name: 'naive candidates, cold memo (first pass)', value: words / (coldMemoMs / 1000), unit: 'words/s', higherIsBetter: true },
      ...cliFigures(cli, ''),
      ...(caFree === undefined ? [] : cliFigures(caFree, ', NODE_EXTRA_CA_CERTS unset')),
    ];
    return { tasks, figures };
  },
});

interface CliTimes {
  words: number;
  /** Best wall time of the CLI run. */
  wallMs: number;
  /** Best wall time of `node` on an empty script, same environment. */
  nodeMs: number;
}

function cliFigures(t: CliTimes, where: string): BenchFigure[] {
  return [
    { name: `CLI perturb, ${t.words.toLocaleString('en-US')} words, end to end (wall, best of 5${where})`, value: t.words / (t.wallMs / 1000), unit: 'words/s', target: 1_500_000, higherIsBetter: true },
    { name: `CLI perturb end to end: wall time (best of 5${where})`, value: t.wallMs, unit: 'ms', target: (t.words / 1_500_000) * 1000, higherIsBetter: false },
    { name: `node start-up and exit alone, empty script (best of 5${where})`, value: t.nodeMs, unit: 'ms', higherIsBetter: false },
  ];
}

/**
 * `gauntlet perturb synonym-spin --input <file>` in a fresh process, and
 * `node` on an empty script: best wall time of five each (the least
 * disturbed by other load on the machine).
 */
function cliRun(input: { text: string; words: number }, env: NodeJS.ProcessEnv): CliTimes {
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'gauntlet.js');
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-bench-'));
  const best = (args: string[]) =>
    Math.min(
      ...[0, 1, 2, 3, 4].map(() => {
        const t = performance.now();
        const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
        if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr.toString()}`);
        return performance.now() - t;
      }),
    );
  try {
    const file = join(dir, 'input.txt');
    writeFileSync(file, input.text);
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, '');
    return { words: input.words, wallMs: best([cli, 'perturb', 'synonym-spin', '--input', file]), nodeMs: best([empty]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
