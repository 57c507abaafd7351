import type { Task } from '../../../core/types.js';
import type { TaskBuilder } from './contract.js';

/** The builder of each task, loaded lazily. */
export const TASK_BUILDERS: Record<Task, () => Promise<TaskBuilder>> = {
  tamper: async () => (await import('./tamper.js')).tamper,
  reuse: async () => (await import('./reuse.js')).reuse,
  consistency: async () => (await import('./consistency.js')).consistency,
  spans: async () => (await import('./spans.js')).spans,
};
