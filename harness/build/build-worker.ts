/** A build worker: loads the suite's corpus once, then builds the documents it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Document } from '../../core/types.js';
import { DocumentBuilder } from './document-builder.js';
import { suiteCorpus } from './suite-corpus.js';
import { generatorEntry, type BuildWorkerData, type BuildWorkerReply } from './worker-data.js';

const data = workerData as BuildWorkerData;
const corpus = suiteCorpus(data.suite, data.baseDir).documents;
const byId = new Map<string, Document>(corpus.map((d) => [d.id, d]));
const builder = DocumentBuilder.create({
  suite: data.suite,
  corpus,
  documents: data.documentIds.map((id) => byId.get(id)!),
  calibrationIds: new Set(data.calibrationIds),
  nearest: (doc) => (data.neighbours[doc.id] === undefined ? undefined : byId.get(data.neighbours[doc.id])),
});

parentPort!.on('message', async ({ id, request }: { id: number; request: string[] }) => {
  try {
    const b = await builder;
    const value: BuildWorkerReply = { generators: b.describe(b.generators.map(generatorEntry)), docs: request.map((docId) => b.build(byId.get(docId)!)) };
    parentPort!.postMessage({ id, ok: true, value });
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, error: (error as Error).stack ?? String(error) });
  }
});
