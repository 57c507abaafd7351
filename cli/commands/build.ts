import { resolve } from 'node:path';
import type { GeneratorRuntime } from '../../core/types.js';
import { usageError } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';
import { createProgress } from '../progress.js';
import { parseShard } from '../../harness/build/shard.js';
import { buildSuite } from '../../harness/run-session.js';
import { workerCount } from '../../core/worker-pool.js';
import { wholeNumberOption } from '../options.js';

/** `gauntlet build [--suite FILE] [--out DIR] [--force] [--corpus PATH] [--shard i/n|auto] [--no-cache]` */
export async function build(_args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  const shard = parseShard(options.shard, io.env);
  const workers = workerCount(options.workers, io.env);
  const progress = createProgress(io, Boolean(options.quiet));
  const dataset = await buildSuite({
    suite: options.suite as string | undefined,
    corpus: options.corpus as string | undefined,
    cwd: io.cwd,
    out: options.out as string | undefined,
    noCache: options.cache === false,
    force: Boolean(options.force),
    shard,
    workers,
    generatorRuntime: generatorRuntimeOf(options, io),
    onProgress: (done, total) => progress.update('building dataset', done, total),
  });
  progress.stop();
  const m = dataset.manifest;
  io.stdout.write(
    `${dataset.cached ? 'reused' : 'built'} dataset ${dataset.dir}\n  suite ${m.suite.name}${m.shard ? ` shard ${m.shard.index}/${m.shard.count}` : ''}, ${m.counts.samples} samples (${Object.entries(m.counts.byTask).map(([t, n]) => `${t} ${n}`).join(', ')}), ${m.corpus.used} of ${m.corpus.documents} documents\n  sha256 ${m.hash}\n`,
  );
  return OK;
}

/** `--offline`, `--cassette FILE`, `--concurrency N`: how generators that call an endpoint run (build and run share them). */
export function generatorRuntimeOf(options: Options, io: CliIO): GeneratorRuntime {
  const runtime: GeneratorRuntime = { env: io.env };
  if (options.offline) runtime.offline = true;
  if (options.cassette !== undefined) runtime.cassette = resolve(io.cwd, String(options.cassette));
  const concurrency = wholeNumberOption(options.concurrency, '--concurrency', 1);
  if (concurrency !== undefined) runtime.concurrency = concurrency;
  runtime.onCost = (cost) => {
    const toMake = cost.calls - cost.recorded;
    io.stderr.write(`gauntlet: endpoint calls for this build: ${cost.calls} (${cost.recorded} answered by the cassette, ${toMake} to make, about ${Math.ceil(cost.inputChars / 4)} input tokens)\n`);
    if (toMake > LARGE_BUILD_CALLS && !options.yes) {
      throw usageError(`this build would make ${toMake} endpoint calls (more than ${LARGE_BUILD_CALLS}); pass --yes to go ahead, or --offline to use only the cassette`);
    }
  };
  return runtime;
}

/** Above this many endpoint calls to make, a build asks for --yes (a suite of hosted-API calls is not free). */
export const LARGE_BUILD_CALLS = 500;
