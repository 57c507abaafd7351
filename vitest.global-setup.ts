import { loadWordNetSync } from './core/wordnet/index.js';
import { loadNaiveTable } from './generators/spin/naive-table.js';

/**
 * Builds the caches most test files share (the WordNet index, then the
 * naive-spin table made from it) once, before the test processes start: on
 * a fresh clone each process would otherwise build them at the same time.
 */
export default function setup(): void {
  loadWordNetSync();
  loadNaiveTable();
}
