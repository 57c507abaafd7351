import type { Detector, Task } from '../core/types.js';
import { usageError } from '../core/errors.js';

/**
 * Built-in detectors, by name, with lazy loaders (so `gauntlet list` loads
 * nothing heavy). Add one: write `detectors/baselines/<name>.ts` exporting a
 * default `defineDetector({...})`, then add one entry here with the module's
 * own description, word for word (registry.test.ts holds the two equal).
 */
export interface DetectorEntry {
  name: string;
  tasks: readonly Task[];
  /** One line for `gauntlet list`: the module's `description`, copied so that listing loads nothing. */
  description: string;
  load(): Promise<Detector>;
}

const entry = (name: string, tasks: Task[], description: string, load: () => Promise<{ default: Detector }>): DetectorEntry => ({
  name,
  tasks,
  description,
  load: async () => (await load()).default,
});

export const DETECTORS: readonly DetectorEntry[] = [
  entry('unseen-ngrams', ['tamper'], 'Share of character 5-grams and word bigrams of the text never seen in a clean reference corpus.', () => import('./baselines/unseen-ngrams.js')),
  entry('ngram-containment', ['reuse'], 'Word trigram containment of the candidate in the source (Broder).', () => import('./baselines/ngram-containment.js')),
  entry('winnowing', ['reuse'], 'MOSS-style winnowing fingerprints (k=12 characters, w=6): share of the candidate\'s fingerprints found in the source.', () => import('./baselines/winnowing.js')),
  entry('tfidf-cosine', ['reuse'], 'Cosine of sublinear TF-IDF word vectors of candidate and source (idf from the reference corpus).', () => import('./baselines/tfidf-cosine.js')),
  entry('ngram-perplexity', ['tamper'], 'Word trigram language-model perplexity (bits per word) against the clean reference corpus.', () => import('./baselines/ngram-perplexity.js')),
  entry('wordnet-spin', ['tamper'], 'Share of words in multiword WordNet lemmas unseen as phrases, or in WordNet lemmas rare in the reference corpus.', () => import('./baselines/wordnet-spin.js')),
  entry('wordpiece-casing', ['tamper'], 'BERT regeneration fingerprints: lowercase sentence starts, spaced punctuation ("u . s ."), WordPiece artifacts ("##ness", "mustimport").', () => import('./baselines/wordpiece-casing.js')),
  entry('fact-diff', ['consistency', 'spans'], 'Aligns candidate and source words; counts changed stretches touching numbers, names, dates, pronouns or negation.', () => import('./baselines/consistency.js')),
];

export function findDetector(name: string): DetectorEntry | undefined {
  return DETECTORS.find((d) => d.name === name);
}

export async function loadBuiltinDetector(name: string): Promise<Detector> {
  const found = findDetector(name);
  if (!found) throw usageError(`unknown detector "${name}" (built-ins: ${DETECTORS.map((d) => d.name).join(', ')}; or a path to a detector .json file)`);
  return found.load();
}
