/**
 * A suite's corpus, loaded the same way on the main thread and in each build
 * worker (workers get the suite, not the documents, to keep messages small).
 */
import { resolve } from 'node:path';
import type { Document } from '../../core/types.js';
import { sha256, stableStringify } from '../../core/io.js';
import { embeddedCorpus, embeddedCorpusVersion, loadCorpus } from './corpus.js';
import type { ValidSuite } from './suite.js';

/** Loads the suite's corpus and returns (all documents, id of the corpus content). */
export function suiteCorpus(suite: ValidSuite, baseDir: string): { documents: Document[]; id: string; kind: string } {
  if (suite.corpus.kind === 'embedded') return { documents: embeddedCorpus(), id: embeddedCorpusVersion(), kind: 'embedded' };
  const path = resolve(baseDir, suite.corpus.path);
  const documents = loadCorpus(path, { textColumn: suite.corpus.textColumn });
  return { documents, id: `sha256:${sha256(stableStringify(documents))}`, kind: 'path' };
}
