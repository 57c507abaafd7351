import { cac } from 'cac';
import { GauntletError, usageError } from '../core/errors.js';
import { toolVersion } from '../core/version.js';
import type { CliIO } from './io.js';
import type { CommandHandler, CommandOutcome, Options, Outcome } from './command.js';

interface CommandDef {
  name: string;
  usage: string;
  description: string;
  options: Array<[flag: string, description: string, config?: { default?: unknown; type?: unknown[] }]>;
  load(): Promise<CommandHandler>;
}

/**
 * The command table. Handlers load lazily so `gauntlet list` stays fast.
 * Add a command: one entry here and a module in cli/commands/.
 */
const COMMANDS: CommandDef[] = [
  {
    name: 'list',
    usage: 'list',
    description: 'List generators, presets, detectors and tasks',
    options: [['--json', 'Machine-readable output']],
    load: async () => (await import('./commands/list.js')).list,
  },
  {
    name: 'perturb',
    usage: 'perturb [generator]',
    description: 'Corrupt a text from stdin (or --input) and print it',
    options: [
      ['--intensity <x>', 'Share of eligible units touched, 0..1'],
      ['--seed <n>', 'Seed', { default: '0' }],
      ['--param <k=v>', 'Generator parameter (repeatable)', { type: [String] }],
      ['--chain <steps>', 'Run several generators: name:intensity,name:intensity'],
      ['--input <file>', 'Read the text from a file instead of stdin'],
      ['--json', 'Print {text, edits, requestedIntensity, realizedIntensity}'],
    ],
    load: async () => (await import('./commands/perturb.js')).perturb,
  },
  {
    name: 'build',
    usage: 'build',
    description: 'Build a suite into a dataset directory (samples.jsonl + manifest.json)',
    options: [
      ['--suite <file>', 'Suite: a built-in name (default, full), a .json file or an .mjs module', { default: 'default' }],
      ['--corpus <path>', 'Use this corpus instead of the suite\'s (directory of .txt, .jsonl or .csv)'],
      ['--out <dir>', 'Dataset directory (default results/datasets/<suite>-<spec hash>)'],
      ['--force', 'Replace a dataset of another spec in --out'],
      ['--shard <i/n|auto>', 'Build only shard i of n (documents split by a hash of their id); auto: i and n from the batch scheduler\'s environment (docs/scale.md)'],
      ['--workers <n>', 'Worker threads (default: every core; 1 = main thread only; same bytes either way)'],
      ['--no-cache', 'Rebuild even if a dataset with the same spec hash exists'],
      ['--offline', 'Generators that call an endpoint (llm-rewrite) answer only from their cassette; a missing answer is an error naming it'],
      ['--cassette <file>', 'JSONL file where llm-rewrite records and replays answers (default .cache/llm-rewrite/cassette.jsonl)'],
      ['--concurrency <n>', 'Most endpoint requests in flight while building (default 4)'],
      ['--yes', 'Go ahead with a build that makes more than 500 endpoint calls (the count is printed first)'],
      ['--quiet', 'No progress display'],
    ],
    load: async () => (await import('./commands/build.js')).build,
  },
  {
    name: 'run',
    usage: 'run',
    description: 'Run detectors on a suite or dataset; write scores and a report under results/runs/',
    options: [
      ['--suite <file>', 'Suite to build and run (default: the default suite)'],
      ['--dataset <dir>', 'Run on an already built dataset'],
      ['--corpus <path>', 'Use this corpus instead of the suite\'s'],
      ['--detector <name>', 'Built-in detector name or detector .json file (repeatable)', { type: [String] }],
      ['--threshold <policy>', 'Operating threshold: label, fpr:0.05 (default) or a number'],
      ['--out <dir>', 'Run directory (default results/runs/<suite>-<time>)'],
      ['--force', 'Overwrite a non-empty --out directory'],
      ['--resume <run>', 'Resume an interrupted run (id or directory) without recomputing finished items'],
      ['--retry-errors', 'With --resume: rerun only the items that ended in error'],
      ['--batch-size <n>', 'Items per detector call'],
      ['--shard <i/n|auto>', 'Build and run only shard i of n; auto: from the batch scheduler\'s environment (docs/scale.md); join shards with gauntlet merge'],
      ['--workers <n>', 'Worker threads for building and in-process detectors (default: every core)'],
      ['--no-cache', 'Rebuild the dataset even if cached'],
      ['--offline', 'Generators that call an endpoint (llm-rewrite) answer only from their cassette; a missing answer is an error naming it'],
      ['--cassette <file>', 'JSONL file where llm-rewrite records and replays answers (default .cache/llm-rewrite/cassette.jsonl)'],
      ['--concurrency <n>', 'Most endpoint requests in flight while building (default 4)'],
      ['--yes', 'Go ahead with a build that makes more than 500 endpoint calls (the count is printed first)'],
      ['--fail-on <rule>', 'Exit 1 when a slice breaks the rule, e.g. "recall@fpr=0.05 < 0.8" (repeatable)', { type: [String] }],
      ['--max-error-rate <x>', 'Exit 3 when more than this share of a detector\'s items fail (default: only when a detector answers none)'],
      ['--quiet', 'No progress display'],
    ],
    load: async () => (await import('./commands/run.js')).run,
  },
  {
    name: 'merge',
    usage: 'merge [...runs]',
    description: 'Join the runs of shards 1..n (any order, each once) into one run equal to an unsharded run',
    options: [
      ['--out <dir>', 'Directory of the merged run (required; outside every shard run and its dataset)'],
      ['--force', 'Overwrite a non-empty --out directory'],
    ],
    load: async () => (await import('./commands/merge.js')).merge,
  },
  {
    name: 'start',
    usage: 'start',
    description: 'Build and run the default suite with the built-in detectors (what npm start does)',
    options: [
      ['--out <dir>', 'Run directory (default results/runs/default-<time>)'],
      ['--force', 'Overwrite a non-empty --out directory'],
      ['--workers <n>', 'Worker threads (default: every core)'],
      ['--no-cache', 'Rebuild the dataset and rescore even if cached'],
      ['--fail-on <rule>', 'Exit 1 when a slice breaks the rule (repeatable)', { type: [String] }],
      ['--max-error-rate <x>', 'Exit 3 when more than this share of a detector\'s items fail (default: only when a detector answers none)'],
      ['--quiet', 'No progress display'],
    ],
    load: async () => {
      const { run } = await import('./commands/run.js');
      return (args, options, io) => run(args, { ...options, suite: 'default' }, io, 'start');
    },
  },
  {
    name: 'metrics',
    usage: 'metrics <file>',
    description: 'Every metric of labelled scores from elsewhere (JSONL or CSV with label, score, optional group)',
    options: [
      ['--format <f>', 'json, md or csv', { default: 'json' }],
      ['--threshold <policy>', 'fpr:<target> (calibrated on the file\'s negatives, default fpr:0.05) or fixed:<value>'],
      ['--bootstrap <n>', 'Bootstrap resamples (default 1000; off above 100,000 rows unless given)'],
      ['--seed <s>', 'Bootstrap seed', { default: '0' }],
      ['--label-column <name>', 'Label field or column', { default: 'label' }],
      ['--score-column <name>', 'Score field or column', { default: 'score' }],
      ['--group-column <name>', 'Cluster field or column for the bootstrap (e.g. source document)', { default: 'group' }],
      ['--output <file>', 'Write to a file instead of stdout'],
    ],
    load: async () => (await import('./commands/metrics.js')).metrics,
  },
  {
    name: 'report',
    usage: 'report <run>',
    description: 'Write report.md/.html/.tex, metrics.json/.csv and junit.xml into a run directory (id under results/runs/ or a path)',
    options: [
      ['--threshold <policy>', 'label, fixed:<value> or fpr:<target> (default: the run\'s own policy)'],
      ['--errors <policy>', 'miss (errors count as negative decisions, default) or exclude'],
      ['--format <list>', 'Comma-separated subset of md,html,json,csv,junit,tex'],
      ['--bootstrap <n>', 'Bootstrap resamples per slice (default 1000)'],
      ['--seed <s>', 'Bootstrap seed (default 0)'],
      ['--fail-on <rule>', 'Exit 1 when a slice breaks the rule, e.g. "recall@fpr=0.05 < 0.8" (repeatable)', { type: [String] }],
    ],
    load: async () => (await import('./commands/report.js')).report,
  },
  {
    name: 'compare',
    usage: 'compare <baseline> <candidate>',
    description: 'Per-slice deltas of two runs on the same dataset, with paired bootstrap CIs, McNemar and Holm; --fail-on gates CI',
    options: [
      ['--fail-on <rule>', 'Exit 1 when broken, e.g. "delta(recall) < -0.02 significant" or "recall@fpr=0.05 < 0.8" (repeatable)', { type: [String] }],
      ['--threshold <policy>', 'label, fixed:<value> or fpr:<target> for both runs (default: each run\'s own)'],
      ['--errors <policy>', 'miss (default) or exclude'],
      ['--bootstrap <n>', 'Paired bootstrap resamples per slice (default 1000)'],
      ['--seed <s>', 'Bootstrap seed (default 0)'],
      ['--pair <a=b>', 'Compare baseline detector a with candidate detector b (repeatable; default: same names)', { type: [String] }],
      ['--format <f>', 'md, json or html on stdout', { default: 'md' }],
      ['--out <dir>', 'Also write compare.md, compare.json and compare.html there'],
    ],
    load: async () => (await import('./commands/compare.js')).compare,
  },
  {
    name: 'plan',
    usage: 'plan',
    description: 'Power before a run: per gated slice its size, the minimum detectable change of the paired test, and the documents needed for --mde',
    options: [
      ['--suite <file>', 'Suite: a built-in name (default, full), a .json file or an .mjs module', { default: 'default' }],
      ['--corpus <path>', 'Use this corpus instead of the suite\'s'],
      ['--mde <x>', 'Target change to detect (e.g. 0.02): prints the documents needed per slice'],
      ['--fail-on <rule>', 'Plan only the slices these rules gate (repeatable)', { type: [String] }],
      ['--workers <n>', 'Worker threads for building the dataset (default: every core)'],
      ['--json', 'Machine-readable output'],
      ['--quiet', 'No progress display'],
    ],
    load: async () => (await import('./commands/plan.js')).plan,
  },
];

/**
 * Parses `argv`, runs the matched command and returns how it ended. Errors
 * are caught here and printed as one line; the exit code is for
 * cli/exit-code.ts to decide and cli/gauntlet.ts to set.
 */
export async function main(argv: string[], io: CliIO): Promise<Outcome> {
  const cli = cac('gauntlet');
  let handlerResult: Promise<CommandOutcome> | undefined;
  for (const def of COMMANDS) {
    const command = cli.command(def.usage, def.description);
    for (const [flag, description, config] of def.options) command.option(flag, description, config);
    command.action((...received: unknown[]) => {
      const options = received.pop() as Options;
      const args = received.flat().filter((a): a is string => typeof a === 'string');
      handlerResult = def.load().then((handler) => handler(args, options, { ...io, argv }));
    });
  }
  cli.help();
  cli.version(toolVersion());
  try {
    const parsed = cli.parse(['node', 'gauntlet', ...attachNegativeValues(argv)], { run: false });
    if (parsed.options.help || parsed.options.version) return { kind: 'ok' };
    if (!cli.matchedCommand) {
      if (cli.args.length > 0) throw usageError(`unknown command "${cli.args[0]}" (run gauntlet --help)`);
      cli.outputHelp();
      return { kind: 'no-command' };
    }
    await cli.runMatchedCommand();
    return handlerResult ? await handlerResult : { kind: 'ok' };
  } catch (caught) {
    // cac reports unknown options and missing values as CACError: those are usage errors (exit 2).
    const error = caught instanceof Error && caught.name === 'CACError' ? usageError(caught.message) : caught;
    io.stderr.write(`gauntlet: ${formatError(error)}\n`);
    if (!(error instanceof GauntletError) && io.env.GAUNTLET_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return { kind: 'failed', error };
  }
}

/** Flags that take a value, from the command table (`--seed <n>` -> `--seed`). */
const VALUE_FLAGS = new Set(COMMANDS.flatMap((def) => def.options.filter(([flag]) => flag.includes('<')).map(([flag]) => flag.split(/[ ,]/)[0])));

/**
 * `--seed -3` would read as a flag "-3": a negative number after a flag that
 * takes a value is that flag's value, so it is attached as `--seed=-3`.
 */
export function attachNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (VALUE_FLAGS.has(argv[i]) && next !== undefined && /^-(?:\d|\.\d)/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

function formatError(error: unknown): string {
  if (error instanceof GauntletError) return error.message;
  if (error instanceof Error) {
    return `${error.message} (set GAUNTLET_DEBUG=1 for a stack trace)`;
  }
  return String(error);
}
