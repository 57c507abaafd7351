import { parentPort, workerData } from 'node:worker_threads';
import type { Sample } from '../../core/types.js';
import { loadDetector } from '../../detectors/load.js';
import { referenceCorpus } from '../build/corpus.js';
import { scoreBatch } from './score-batch.js';
import type { ScoreWorkerData } from './worker-data.js';

const data = workerData as ScoreWorkerData;
// Each worker holds its own copy of an in-process detector, initialised once.
const ready = (async () => {
  const { detector } = await loadDetector(data.spec, data.baseDir);
  await detector.init?.({ reference: referenceCorpus() });
  return detector;
})();

parentPort!.on('message', async ({ id, request }: { id: number; request: Sample[] }) => {
  try {
    const detector = await ready;
    parentPort!.postMessage({ id, ok: true, value: await scoreBatch(detector, request, data.batchTimeoutMs) });
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, error: (error as Error).message });
  }
});
