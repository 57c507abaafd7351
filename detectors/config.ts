import { z } from 'zod';
import { TASKS } from '../core/types.js';

/**
 * Detector config files (`--detector det.json`) and the objects of a suite's
 * `detectors` list. Unknown keys are errors, so a typo ("comand") is caught
 * rather than silently ignored.
 */
const positiveInt = z.number().int().positive();
const ms = z.number().int().positive().max(86_400_000);

const common = {
  /** Name in reports and scores.jsonl; default: the handshake's, else the file's base name. */
  name: z.string().min(1).regex(/^[^\s\u0000]+$/, 'must have no spaces').optional(),
  version: z.union([z.string().min(1), z.number()]).transform(String).optional(),
  tasks: z.array(z.enum(TASKS as [string, ...string[]])).min(1).optional(),
  description: z.string().optional(),
  /** Items per score() call the runner should send. */
  batchSize: positiveInt.max(100_000).optional(),
  timeoutMs: ms.optional(),
  maxResponseBytes: positiveInt.optional(),
};

export const ExecConfig = z.strictObject({
  type: z.literal('exec'),
  command: z.array(z.string().min(1)).min(1, 'must name a program, e.g. ["python3", "det.py"]'),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  processes: positiveInt.max(256).optional(),
  /** Same as processes, for symmetry with http. */
  concurrency: positiveInt.max(256).optional(),
  pipelineDepth: positiveInt.max(65_536).optional(),
  handshake: z.enum(['auto', 'required', 'none']).optional(),
  handshakeWaitMs: ms.optional(),
  startupTimeoutMs: ms.optional(),
  maxRestarts: z.number().int().min(0).max(1000).optional(),
  ...common,
});

export const HttpConfig = z.strictObject({
  type: z.literal('http'),
  url: z.string().refine((u) => /^https?:\/\/[^\s]+$/.test(u) && URL.canParse(u), 'must be an http:// or https:// URL'),
  headers: z.record(z.string(), z.string()).optional(),
  concurrency: positiveInt.max(1024).optional(),
  retries: z.number().int().min(0).max(20).optional(),
  backoffMs: z.number().int().min(0).max(600_000).optional(),
  ...common,
});

export const ModuleConfig = z.strictObject({
  type: z.literal('module'),
  path: z.string().min(1),
  /** Longest init() may take, in ms (default 10 minutes); past it the run fails naming the detector. */
  startupTimeoutMs: ms.optional(),
  ...common,
});

export const DetectorConfig = z.discriminatedUnion('type', [ExecConfig, HttpConfig, ModuleConfig]);
export type DetectorConfig = z.infer<typeof DetectorConfig>;
export type ExecConfig = z.infer<typeof ExecConfig>;
export type HttpConfig = z.infer<typeof HttpConfig>;
export type ModuleConfig = z.infer<typeof ModuleConfig>;

/** One line per problem: `field: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length === 0 ? '(top level)' : issue.path.join('.');
      const message = issue.code === 'invalid_union' && field === 'type' ? 'must be "exec", "http" or "module"' : issue.message;
      return `${field}: ${message}`;
    })
    .join('; ');
}
