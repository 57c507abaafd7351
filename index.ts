/**
 * text-gauntlet's public API for suite files, detector modules and
 * programmatic use. The CLI is `gauntlet` (cli/gauntlet.ts).
 */
export { defineSuite, defineDetector, defineGenerator, TASKS } from './core/types.js';
export type {
  Detector,
  DetectorContext,
  DetectorItem,
  DetectorResult,
  Edit,
  FactType,
  GenerateOptions,
  GenerateResult,
  Generator,
  GeneratorSpec,
  AttackSpec,
  Sample,
  ScoreRecord,
  Span,
  Suite,
  Task,
  ThresholdPolicy,
} from './core/types.js';
export { GENERATORS, PRESETS, loadGenerator } from './generators/registry.js';
export { loadChain, runChain } from './generators/chain.js';
export { DETECTORS } from './detectors/registry.js';

// The harness as a library: suite -> dataset -> run -> metrics -> reports, and run comparisons.
export { buildSuite, runSuite, resumeRun, evaluateRun, writeReports, compareRuns, parseRule, parseThresholdPolicy } from './harness/api.js';
export type {
  BuildSuiteOptions,
  CompareOptions,
  Comparison,
  DatasetManifest,
  DatasetRef,
  DeltaRow,
  ErrorPolicy,
  MetricsOptions,
  MetricsResult,
  ResumeRunOptions,
  Rule,
  RunProgress,
  RunRecord,
  RunReport,
  RunReportOptions,
  RunSuiteOptions,
  RunSummary,
  Shard,
  SliceMetrics,
  SuiteRef,
  Violation,
} from './harness/api.js';
