import type { GenerateOptions, GenerateResult } from '../../core/types.js';
import type { WordNet } from '../../core/wordnet/index.js';

export interface CarefulSpinner {
  generate(text: string, options: GenerateOptions, sense: 'frequency' | 'first'): GenerateResult;
}

export async function createCarefulSpinner(_wn: WordNet): Promise<CarefulSpinner> {
  throw new Error('careful mode: not yet');
}
