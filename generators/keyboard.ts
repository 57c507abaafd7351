/**
 * Neighbouring keys on a US QWERTY keyboard (letters only), the fat-finger
 * slips of keyboard typos. Written from the layout itself.
 */
const NEIGHBOURS: Record<string, string> = {
  q: 'wa', w: 'qeas', e: 'wrsd', r: 'etdf', t: 'ryfg', y: 'tugh', u: 'yihj', i: 'uojk', o: 'ipkl', p: 'ol',
  a: 'qwsz', s: 'awedxz', d: 'serfcx', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', j: 'huikmn', k: 'jiolm', l: 'kop',
  z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};

/** Keys next to `letter` (same case); empty for anything but an ASCII letter. */
export function neighbours(letter: string): string {
  const lower = letter.toLowerCase();
  const keys = NEIGHBOURS[lower] ?? '';
  return letter === lower ? keys : keys.toUpperCase();
}

/** The ways a finger slips. */
export type TypoKind = 'substitute' | 'insert' | 'delete' | 'transpose';
const KINDS: readonly TypoKind[] = ['substitute', 'insert', 'delete', 'transpose'];

/**
 * One keyboard typo of an ASCII word of at least three letters, from three
 * draws in [0, 1): which slip, where, which neighbouring key. The first
 * letter is left alone (readers and spell checkers anchor on it, and people
 * rarely miss it). Always returns a different string.
 */
export function keyboardTypo(word: string, kindDraw: number, positionDraw: number, keyDraw: number): string {
  const n = word.length;
  let kind = KINDS[Math.min(KINDS.length - 1, Math.floor(kindDraw * KINDS.length))];
  // Positions 1..n-1; a transpose swaps i and i+1, so it needs i <= n-2.
  const at = (span: number) => 1 + Math.min(span - 1, Math.floor(positionDraw * span));
  if (kind === 'transpose') {
    const i = at(n - 2);
    if (word[i] !== word[i + 1]) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    kind = 'delete'; // swapping equal letters changes nothing ("committee")
  }
  const i = at(n - 1);
  if (kind === 'delete') return word.slice(0, i) + word.slice(i + 1);
  const keys = neighbours(word[i]);
  if (keys === '') return word.slice(0, i) + word.slice(i + 1);
  const key = keys[Math.min(keys.length - 1, Math.floor(keyDraw * keys.length))];
  if (kind === 'substitute') return word.slice(0, i) + key + word.slice(i + 1);
  return word.slice(0, i + 1) + key + word.slice(i + 1);
}
