/** A build worker: loads the suite's corpus once, then builds the documents it is sent, streaming their samples back. */
import { MessageChannel, parentPort, workerData } from 'node:worker_threads';
import type { Document } from '../../core/types.js';
import { adoptSharedCacheBytes, sharedCacheBytes } from '../../core/shared-cache-bytes.js';
import { DocumentBuilder } from './document-builder.js';
import { suiteCorpus } from './suite-corpus.js';
import { BATCH_CHARS, BATCH_WINDOW, generatorEntry, type BuildWorkerBatch, type BuildWorkerData, type BuildWorkerReply } from './worker-data.js';

const data = workerData as BuildWorkerData;
// Before any generator loads: tables an earlier worker holds in shared memory are used, not read again.
adoptSharedCacheBytes(data.cacheBytes);
const corpus = suiteCorpus(data.suite, data.baseDir).documents;
const byId = new Map<string, Document>(corpus.map((d) => [d.id, d]));
const builder = DocumentBuilder.create({
  suite: data.suite,
  corpus,
  documents: data.documentIds.map((id) => byId.get(id)!),
  calibrationIds: new Set(data.calibrationIds),
  nearest: (doc) => (data.neighbours[doc.id] === undefined ? undefined : byId.get(data.neighbours[doc.id])),
});

// One chunk at a time: the pool may send the next while this one waits on the main thread.
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', ({ id, request }: { id: number; request: string[] }) => {
  queue = queue.then(() => serve(id, request));
});

async function serve(id: number, docIds: string[]): Promise<void> {
  let b: DocumentBuilder;
  try {
    b = await builder;
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, error: (error as Error).stack ?? String(error) });
    return;
  }
  const { port1, port2 } = new MessageChannel();
  const value: BuildWorkerReply = { generators: b.describe(b.generators.map(generatorEntry)), port: port2, cacheBytes: sharedCacheBytes() };
  parentPort!.postMessage({ id, ok: true, value }, [port2]);
  let credit = BATCH_WINDOW;
  let wake: (() => void) | undefined;
  port1.on('message', () => {
    credit++;
    wake?.();
  });
  const send = async (batch: BuildWorkerBatch) => {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    credit--;
    port1.postMessage(batch);
  };
  try {
    for (const docId of docIds) {
      const lines = b.lines(byId.get(docId)!);
      let batch: string[] = [];
      let chars = 0;
      for (let next = lines.next(); ; next = lines.next()) {
        if (next.done) {
          await send({ lines: batch, counts: next.value });
          break;
        }
        batch.push(next.value);
        chars += next.value.length;
        if (chars >= BATCH_CHARS) {
          await send({ lines: batch });
          batch = [];
          chars = 0;
        }
      }
    }
    port1.postMessage({ end: true } satisfies BuildWorkerBatch);
  } catch (error) {
    port1.postMessage({ error: (error as Error).stack ?? String(error) } satisfies BuildWorkerBatch);
  }
  // The main thread closes the channel once it has read the last message.
}
