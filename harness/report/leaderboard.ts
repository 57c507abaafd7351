/**
 * The leaderboard the console summary and the LaTeX summary table share:
 * one row per detector and task, one cell per attack family, each the TPR
 * at the headline FPR. Built once from the metrics so both formats read the
 * same numbers.
 */
import { TASKS, type Task } from '../../core/types.js';
import type { Estimate, MetricsResult, SliceMetrics } from '../evaluate/metrics.js';

/** One detector on one task. */
export interface LeaderboardRow {
  detector: string;
  task: Task;
  /** TPR at the headline FPR on the whole task (null for spans, which has no ranking). */
  overall: Estimate | null;
  /** TPR at the headline FPR per family of this task; families the task lacks are absent (all of them for spans). */
  families: Map<string, Estimate | null>;
  /** F1 at the operating threshold (null for spans). */
  f1: Estimate | null;
  /** Plagdet (spans only). */
  plagdet: Estimate | null;
}

/** Every detector x task of a run, with the families seen across tasks. */
export interface Leaderboard {
  /** The FPR level of every TPR cell, e.g. 0.05. */
  level: number;
  /** Families in first-seen order over all tasks. */
  families: string[];
  /** Rows by task (TASKS order), then detector (run order). */
  rows: LeaderboardRow[];
}

/**
 * The FPR level the leaderboard reports: the calibration target when the
 * run calibrates at an FPR that was measured, else 5% (what CI gates use),
 * else the first level measured.
 */
export function headlineLevel(result: MetricsResult): number {
  const levels = result.settings.fprLevels;
  const policy = result.settings.threshold;
  if (policy.kind === 'fpr' && levels.includes(policy.target)) return policy.target;
  if (levels.includes(0.05)) return 0.05;
  return levels[0] ?? 0.05;
}

/** The leaderboard of a run's metrics. */
export function leaderboard(result: MetricsResult): Leaderboard {
  const level = headlineLevel(result);
  const key = String(level);
  const tpr = (s: SliceMetrics | undefined): Estimate | null => s?.tprAtFpr[key] ?? null;
  const families: string[] = [];
  const rows: LeaderboardRow[] = [];
  for (const task of TASKS) {
    const taskSlices = result.slices.filter((s) => s.task === task);
    for (const detector of [...new Set(taskSlices.map((s) => s.detector))]) {
      const mine = taskSlices.filter((s) => s.detector === detector);
      const overall = mine.find((s) => s.kind === 'overall');
      const row: LeaderboardRow = { detector, task, overall: task === 'spans' ? null : tpr(overall), families: new Map(), f1: task === 'spans' ? null : (overall?.f1 ?? null), plagdet: overall?.spans?.plagdet ?? null };
      // Spans has no ranking per family: its row is its plagdet alone.
      for (const s of task === 'spans' ? [] : mine) {
        if (s.kind !== 'family' || s.family === null) continue;
        if (!families.includes(s.family)) families.push(s.family);
        row.families.set(s.family, tpr(s));
      }
      rows.push(row);
    }
  }
  return { level, families, rows };
}
