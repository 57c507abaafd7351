import type { Generator, GeneratorFamily } from '../core/types.js';
import { usageError } from '../core/errors.js';

/**
 * Every generator, by name. Entries are metadata plus a lazy loader, so
 * `gauntlet list` shows them without loading WordNet or a language model.
 * Add a generator: write `generators/<name>.ts` exporting a default
 * `defineGenerator({...})`, then add one entry here.
 */
export interface GeneratorEntry {
  name: string;
  /** One line for `gauntlet list`. */
  description: string;
  family: GeneratorFamily;
  load(): Promise<Generator>;
}

const entry = (name: string, family: GeneratorFamily, description: string, load: () => Promise<{ default: Generator }>): GeneratorEntry => ({
  name,
  family,
  description,
  load: async () => (await load()).default,
});

export const GENERATORS: readonly GeneratorEntry[] = [
  entry('flatten-whitespace', 'format', 'Collapses every run of whitespace (newlines too) into one space, as the observed spinner did.', () => import('./flatten-whitespace.js')),
  entry('mojibake', 'character', 'Re-decodes UTF-8 characters as Windows-1252 ("—" -> "â€”"), as in the observed article.', () => import('./mojibake.js')),
  entry('fact-swap', 'fact', 'Swaps facts FactCC-style (names, places, organizations, numbers, dates, pronouns, negation, antonyms); --param kinds=person,number,...', () => import('./fact-swap.js')),
  entry('synonym-spin', 'observed', 'Replaces words with WordNet lemmas: naive (the observed spinner: any sense, any POS, no re-inflection) or careful (--param mode=careful).', () => import('./synonym-spin.js')),
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
    description: 'The observed spinner end to end: naive synonym-spin, then every whitespace run flattened to one space (../shared/observed/synonym-spin.txt).',
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
