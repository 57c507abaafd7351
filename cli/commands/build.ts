import type { CliIO } from '../io.js';
import type { Options } from '../main.js';
import { createProgress } from '../progress.js';
import { parseShard, prepareDataset, resolveSuite } from '../../harness/build/prepare.js';
import { workerCount } from '../../core/worker-pool.js';

/** `gauntlet build [--suite FILE] [--out DIR] [--corpus PATH] [--shard i/n] [--no-cache]` */
export async function build(_args: string[], options: Options, io: CliIO): Promise<number> {
  const loaded = await resolveSuite(options.suite as string | undefined, io.cwd, options.corpus as string | undefined);
  const progress = createProgress(io, Boolean(options.quiet));
  const dataset = await prepareDataset(loaded, { cwd: io.cwd, outDir: options.out as string | undefined, noCache: options.cache === false, onProgress: (done, total) => progress.update('building dataset', done, total), shard: parseShard(options.shard), workers: workerCount(options.workers, io.env) });
  progress.stop();
  const m = dataset.manifest;
  io.stdout.write(
    `${dataset.cached ? 'reused' : 'built'} dataset ${dataset.dir}\n  suite ${m.suite.name}${m.shard ? ` shard ${m.shard.index}/${m.shard.count}` : ''}, ${m.counts.samples} samples (${Object.entries(m.counts.byTask).map(([t, n]) => `${t} ${n}`).join(', ')}), ${m.corpus.used} of ${m.corpus.documents} documents\n  sha256 ${m.hash}\n`,
  );
  return 0;
}
