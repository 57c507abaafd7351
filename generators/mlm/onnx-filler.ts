import type { MaskFiller } from './filler.js';
export async function loadOnnxFiller(path: string): Promise<MaskFiller> {
  throw new Error(`not yet: ${path}`);
}
