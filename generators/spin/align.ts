/**
 * Aligns a text with a word-substituted version of it: each source token
 * maps to itself or to a run of 1..maxRun output tokens. Used to read the
 * observed spin back into (token -> replacement) pairs.
 *
 * Plain LCS is not enough: "U.S. Trade" -> "U.S. government sell" would
 * align "U.S." with itself and "Trade" with "government sell". So the cost
 * of a replacement the caller can explain (`explains`, e.g. "is a WordNet
 * candidate") is lower than that of one it cannot; an identity costs
 * nothing, so any alignment still keeps as many tokens unchanged as it can.
 */
export interface AlignedReplacement {
  /** Index of the source token. */
  index: number;
  before: string;
  after: string;
}

export function alignSubstitutions(
  source: readonly string[],
  output: readonly string[],
  explains: (before: string, after: string) => boolean,
  maxRun = 5,
): AlignedReplacement[] | undefined {
  const EXPLAINED = 0.4;
  const UNEXPLAINED = 1;
  const n = source.length;
  const m = output.length;
  const cost = new Float64Array((n + 1) * (m + 1)).fill(Infinity);
  const step = new Int8Array((n + 1) * (m + 1)); // run length taken from (i, j); 0 = identity
  const at = (i: number, j: number) => i * (m + 1) + j;
  cost[at(n, m)] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      let best = Infinity;
      let bestStep = -1;
      if (source[i] === output[j] && cost[at(i + 1, j + 1)] < best) {
        best = cost[at(i + 1, j + 1)];
        bestStep = 0;
      }
      for (let len = 1; len <= maxRun && j + len <= m; len++) {
        const after = output.slice(j, j + len).join(' ');
        if (after === source[i]) continue;
        const c = cost[at(i + 1, j + len)] + (explains(source[i], after) ? EXPLAINED : UNEXPLAINED);
        if (c < best) {
          best = c;
          bestStep = len;
        }
      }
      cost[at(i, j)] = best;
      step[at(i, j)] = bestStep;
    }
  }
  if (!Number.isFinite(cost[at(0, 0)])) return undefined;
  const out: AlignedReplacement[] = [];
  let i = 0;
  let j = 0;
  while (i < n) {
    const s = step[at(i, j)];
    if (s === 0) {
      i++;
      j++;
      continue;
    }
    out.push({ index: i, before: source[i], after: output.slice(j, j + s).join(' ') });
    i++;
    j += s;
  }
  return out;
}
