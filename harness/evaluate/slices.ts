import { TASKS, type Task } from '../../core/types.js';
import type { SampleInfo } from '../store/run-data.js';

/**
 * What a slice groups:
 * - `generator`: one (task, generator, intensity) cell;
 * - `overall`: every test sample of a task;
 * - `family`: every intensity of every generator of one attack family;
 * - `factType`: consistency positives that alter one kind of fact.
 */
export type SliceKind = 'generator' | 'overall' | 'family' | 'factType';

/** What a slice is about: its task, its kind and the attack it narrows to (null where it does not). */
export interface SliceLabels {
  task: Task;
  kind: SliceKind;
  generator: string | null;
  intensity: number | null;
  family: string | null;
  factType: string | null;
}

/** Which samples a slice holds; pooled negatives are in every slice of their task. */
export interface SliceDef extends SliceLabels {
  /** Stable, readable id, e.g. `tamper/synonym-spin@0.4`, `tamper/*`, `tamper/family=fact`. */
  id: string;
  /** Sample indexes (into RunData.samples), ascending. */
  members: number[];
}

/** The fields that name a slice in every result row (metrics, spans, compare). */
export interface SliceIdentity extends SliceLabels {
  /** SliceDef.id, e.g. `tamper/synonym-spin@0.4`. */
  slice: string;
}

/** A slice's identity fields, in output order. */
export function sliceIdentity(def: SliceDef): SliceIdentity {
  return { slice: def.id, task: def.task, kind: def.kind, generator: def.generator, intensity: def.intensity, family: def.family, factType: def.factType };
}

/**
 * Builds every slice of a dataset, in report order: per task the overall
 * slice, then per family its aggregate and its generators by name and
 * intensity, then (consistency) one slice per fact type. Calibration samples
 * are never members.
 */
export function buildSlices(samples: readonly SampleInfo[]): SliceDef[] {
  const slices: SliceDef[] = [];
  for (const task of TASKS) {
    const test: number[] = [];
    const pooled: number[] = [];
    samples.forEach((s, i) => {
      if (s.task !== task || s.split !== 'test') return;
      test.push(i);
      if (s.role === 'pooled-negative') pooled.push(i);
    });
    if (test.length === 0) continue;
    slices.push({ id: `${task}/*`, task, kind: 'overall', generator: null, intensity: null, family: null, factType: null, members: test });

    // Own members of each (generator, intensity) cell, grouped by family.
    const cells = new Map<string, { generator: string; intensity: number; family: string; own: number[] }>();
    for (const i of test) {
      const s = samples[i];
      if (s.role === 'pooled-negative') continue;
      const key = `${s.generator}\u0000${s.intensity}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { generator: s.generator, intensity: s.intensity, family: s.family ?? 'other', own: [] }));
      cell.own.push(i);
    }
    const families = [...new Set([...cells.values()].map((c) => c.family))].sort();
    const withPooled = (own: number[]) => mergeSorted(own, pooled);
    for (const family of families) {
      const inFamily = [...cells.values()].filter((c) => c.family === family).sort((a, b) => (a.generator < b.generator ? -1 : a.generator > b.generator ? 1 : a.intensity - b.intensity));
      // A family of one generator at one intensity would repeat its only cell.
      if (inFamily.length > 1) {
        const own = inFamily.flatMap((c) => c.own).sort((a, b) => a - b);
        slices.push({ id: `${task}/family=${family}`, task, kind: 'family', generator: null, intensity: null, family, factType: null, members: withPooled(own) });
      }
      for (const c of inFamily) {
        slices.push({
          id: `${task}/${c.generator}@${c.intensity}`,
          task,
          kind: 'generator',
          generator: c.generator,
          intensity: c.intensity,
          family,
          factType: null,
          members: withPooled(c.own),
        });
      }
    }

    if (task === 'consistency') {
      const byFact = new Map<string, number[]>();
      for (const i of test) {
        const s = samples[i];
        if (s.role !== 'positive') continue;
        for (const t of s.factTypes) {
          let list = byFact.get(t);
          if (!list) byFact.set(t, (list = []));
          list.push(i);
        }
      }
      for (const factType of [...byFact.keys()].sort()) {
        slices.push({ id: `${task}/fact=${factType}`, task, kind: 'factType', generator: null, intensity: null, family: null, factType, members: withPooled(byFact.get(factType)!) });
      }
    }
  }
  return slices;
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
