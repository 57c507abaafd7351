import type { Generator, GeneratorFamily } from '../core/types.js';
import { usageError } from '../core/errors.js';

/**
 * Every generator, by name. Entries are metadata plus a lazy loader, so
 * `gauntlet list` shows them without loading WordNet or a language model.
 * Add a generator: write `generators/<name>.ts` exporting a default
 * `defineGenerator({...})`, then add one entry here with the module's own
 * description, word for word (registry.test.ts holds the two equal).
 */
export interface GeneratorEntry {
  name: string;
  /** One line for `gauntlet list`: the module's `description`, copied so that listing loads nothing. */
  description: string;
  /** A paragraph for `gauntlet list`: what it imitates, its unit, its default and where its data comes from. */
  summary?: string;
  family: GeneratorFamily;
  /** True for a generator that waits on I/O (prefetch): a build then runs on the main thread, its concurrency in the requests. */
  waitsOnIO?: boolean;
  load(): Promise<Generator>;
}

const entry = (name: string, family: GeneratorFamily, description: string, load: () => Promise<{ default: Generator }>, summary?: string): GeneratorEntry => ({
  name,
  family,
  description,
  ...(summary === undefined ? {} : { summary }),
  load: async () => (await load()).default,
});

export const GENERATORS: readonly GeneratorEntry[] = [
  entry('flatten-whitespace', 'format', 'Collapses every run of whitespace (newlines too) into one space, as the observed spinner did.', () => import('./flatten-whitespace.js')),
  entry('mojibake', 'character', 'Re-decodes non-ASCII characters from UTF-8 as Windows-1252 ("—" -> "â€”"), as in the observed article.', () => import('./mojibake.js')),
  // The attack catalog (RAID, Dugan et al. 2024, and kin); defaults follow RAID's published settings.
  entry('homoglyph', 'character', 'Swaps Latin letters for Cyrillic or Greek look-alikes ("a" -> Cyrillic "а").', () => import('./homoglyph.js'),
    'Imitates the homoglyph attack: the text reads the same but its words are other code points. Unit: ASCII letters with a look-alike in Unicode confusables.txt (Cyrillic and Greek of the same case; --param scripts=cyrillic). Default 1 (RAID).'),
  entry('zero-width', 'character', 'Inserts invisible zero-width spaces (or joiners) between characters.', () => import('./zero-width.js'),
    'Imitates the zero-width-space attack: invisible characters split words for tokenizers and matchers. Unit: gaps between two adjacent non-whitespace characters. --param char=zwsp|zwnj|zwj|wj|mixed. Default 1 (RAID).'),
  entry('whitespace', 'format', 'Inserts extra spaces between words.', () => import('./whitespace.js'),
    'Imitates the whitespace attack: doubled spaces between words. Unit: runs of spaces between two words on one line; --param spaces=N extra spaces each. Default 0.2 (RAID).'),
  entry('case-swap', 'character', 'Flips the case of the first letter of words ("talks" -> "Talks").', () => import('./case-swap.js'),
    'Imitates the upper/lower flip attack. Unit: words starting with a cased letter; --param mode=word flips the whole word. Default 0.05 (RAID).'),
  entry('misspelling', 'character', 'Replaces words with common human misspellings, or keyboard typos where none is listed.', () => import('./misspelling.js'),
    'Imitates human misspellings: a listed misspelling (codespell\'s list, derived from Wikipedia\'s "Lists of common misspellings", CC BY-SA) or else a QWERTY slip (neighbouring key, dropped or swapped letter). Unit: ASCII words of 3+ letters; --param source=list|keyboard. Default 0.2 (RAID).'),
  entry('article-deletion', 'word', 'Deletes the articles "a", "an" and "the".', () => import('./article-deletion.js'),
    'Imitates the article-deletion attack. Unit: articles followed by a word; a sentence-initial "The" goes too and the next word takes the capital (--param capitalized=false for RAID\'s lower-case only). Default 0.5 (RAID).'),
  entry('paragraph-insert', 'format', 'Inserts paragraph breaks between sentences.', () => import('./paragraph-insert.js'),
    'Imitates the paragraph-insertion attack: blank lines between sentences. Unit: sentence boundaries within a line (rule-based splitter that knows abbreviations and initialisms). Default 0.5 (RAID).'),
  entry('alt-spelling', 'word', 'Switches American spellings to British ones ("color" -> "colour"), or back.', () => import('./alt-spelling.js'),
    'Imitates the alternative-spelling attack. Unit: words with a spelling of the other variety, from 2,298 one-to-one pairs derived from SCOWL\'s American and British lists; case kept; --param direction=gb-to-us. Default 1 (RAID).'),
  entry('number-shuffle', 'character', 'Shuffles the digits within numbers ("85" -> "58").', () => import('./number-shuffle.js'),
    'Imitates RAID\'s number attack, a blind fact change (edits carry factType number). Unit: numbers whose digits can change; --param mode=random redraws the digits as RAID does. Default 0.5 (RAID).'),
  entry('insert-sentence', 'content', 'Inserts sentences borrowed from other corpus passages.', () => import('./insert-sentence.js'),
    'Imitates padding a reused text with unrelated sentences to dilute its overlap. Unit: sentences of the text, each chosen one followed by a sentence of another corpus passage (never the same document); without a corpus, from the Brown news section, with a note. Default 0.2.'),
  entry('fact-swap', 'fact', 'Swaps facts FactCC-style (names, places, organizations, numbers, dates, pronouns, negation, antonyms); --param kinds=person,number,...', () => import('./fact-swap.js')),
  entry('synonym-spin', 'observed', 'Replaces words with WordNet lemmas: naive (the observed spinner: any sense, any POS, no re-inflection) or careful (--param mode=careful).', () => import('./synonym-spin.js')),
  {
    ...entry('llm-rewrite', 'content', 'Rewrites text with a large language model (paraphrase, polish, expand, compress, back-translate) through an OpenAI-compatible endpoint, recorded in a cassette.', () => import('./llm-rewrite.js'),
      'Imitates the LLM rewrites detector teams meet most (RAID paraphrase, DetectRL paraphrase/back-translation/mixing, polish/expand/compress). Unit: with scope=document the share of source words changed (the requested strength goes into the prompt); with scope=sentences the share of sentences rewritten, the rest byte-identical. Edits come from a word-level alignment; fact changes carry factType. Needs --param endpoint=URL model=NAME, or a cassette and --offline. Default 0.5.'),
    waitsOnIO: true,
  },
  entry('mlm-regen', 'observed', 'Masked-LM regeneration as observed: lowercased BERT tokens, words refilled by a bidirectional n-gram LM (or a local ONNX BERT, --param model=DIR), WordPiece debris.', () => import('./mlm-regen.js')),
];

/**
 * Presets: named chains that reproduce an observed pipeline end to end.
 * A chain step is `name` or `name:intensity`; steps run left to right.
 */
export interface PresetEntry {
  name: string;
  description: string;
  family: GeneratorFamily;
  steps: ReadonlyArray<{ generator: string; intensity?: number; params?: Record<string, string | number | boolean> }>;
}

export const PRESETS: readonly PresetEntry[] = [
  {
    name: 'observed-spin',
    description: 'The observed spinner end to end: naive synonym-spin, then every whitespace run flattened to one space, as in the synonym-spun article the project measured (see docs/generators.md).',
    family: 'observed',
    steps: [{ generator: 'synonym-spin', params: { mode: 'naive' } }, { generator: 'flatten-whitespace', intensity: 1 }],
  },
];

export function findGenerator(name: string): GeneratorEntry | undefined {
  return GENERATORS.find((g) => g.name === name);
}

export function findPreset(name: string): PresetEntry | undefined {
  return PRESETS.find((p) => p.name === name);
}

export async function loadGenerator(name: string): Promise<Generator> {
  const found = findGenerator(name);
  if (!found) {
    const known = [...GENERATORS.map((g) => g.name), ...PRESETS.map((p) => p.name)].join(', ');
    throw usageError(`unknown generator "${name}" (known: ${known})`);
  }
  return found.load();
}
