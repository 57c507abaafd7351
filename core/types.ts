/**
 * The nouns of text-gauntlet, in one file a newcomer reads first.
 * See ../shared/DESIGN.md (Vocabulary) for the prose version.
 *
 * All spans are half-open `[start, end)` offsets in Unicode code points
 * (not UTF-16 units), so a span means the same thing in any language
 * that reads the dataset.
 */

/** Half-open `[start, end)` range in Unicode code points. */
export type Span = readonly [start: number, end: number];

/** The kinds of fact an edit can alter; used by the consistency task. */
export type FactType =
  | 'person'
  | 'place'
  | 'organization'
  | 'number'
  | 'date'
  | 'pronoun'
  | 'negation'
  | 'antonym'
  | 'polarity'
  | 'entity';

/**
 * One change a generator made. The edit log is the ground truth: labels and
 * span answers are derived from it, never written by hand.
 * Invariant: `[...source].slice(...sourceSpan).join('') === before` and
 * `[...output].slice(...outputSpan).join('') === after`.
 */
export interface Edit {
  /** What kind of change, e.g. `synonym`, `mask-fill`, `fact-swap`, `insert`. */
  kind: string;
  sourceSpan: Span;
  outputSpan: Span;
  before: string;
  after: string;
  /** Set when the edit alters a fact the source states. */
  factType?: FactType;
  /** Which generator of a chain made the edit (set when generators compose). */
  generator?: string;
}

/** Parameter values as they arrive from `--param k=v` or a suite file. */
export type ParamValue = string | number | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

/** A source document of a corpus. */
export interface Document {
  /** Stable id: the same passage gets the same id on every machine. */
  id: string;
  text: string;
  meta?: Record<string, string | number | boolean>;
}

/** Read-only access to the corpus, for generators that borrow text (fact donors, inserted sentences). */
export interface CorpusView {
  readonly documents: readonly Document[];
}

export interface GenerateOptions {
  /** Share of eligible units to touch, in [0, 1]. Nested: edits at 0.2 are a subset of those at 0.4 for one seed. */
  intensity: number;
  /** Seed string; every random draw of the generator derives from it. */
  seed: string;
  params?: Params;
  /** The corpus the text came from, for generators that borrow from other passages. */
  corpus?: CorpusView;
  /** Id of the document being perturbed, so borrowing generators can skip it. */
  documentId?: string;
}

export interface GenerateResult {
  text: string;
  edits: Edit[];
  requestedIntensity: number;
  /** Share of eligible units actually touched (edits / eligible units). */
  realizedIntensity: number;
  /** How many units were eligible (the denominator of realizedIntensity). */
  eligible: number;
  /** Human-readable remark, e.g. "no eligible fact in this text". */
  note?: string;
  /**
   * Set when the generator could not make this output (an endpoint refused,
   * timed out, answered in another language): the text is then the source,
   * no sample is built from it, and the reason is counted in the manifest's
   * skipped counts, so a failure is never passed off as a rewrite.
   */
  failure?: string;
}

/** One output an I/O-bound generator is about to be asked for, so it can fetch it first. */
export interface PrefetchRequest {
  text: string;
  options: GenerateOptions;
}

/**
 * How a build runs generators that wait on I/O. None of it changes an
 * output byte, so it is no part of the suite (nor of its spec hash).
 */
export interface GeneratorRuntime {
  /** Never call an endpoint: every answer must come from a recording; a missing one is an error naming it. */
  offline?: boolean;
  /** Where answers are recorded and replayed (a JSONL file). */
  cassette?: string;
  /** Most requests in flight at once. */
  concurrency?: number;
  /** Where secrets named by params are read (default: the process environment). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Told what the build's endpoint calls will cost before any is made; throwing stops the build (a confirmation). */
  onCost?: (cost: CostEstimate) => void;
}

/**
 * Where a generator sits in the report's grouping of attack families:
 * `word` changes whole words without changing what they say (article
 * deletion, alternative spellings); `content` adds or removes text
 * (borrowed sentences).
 */
export type GeneratorFamily = 'observed' | 'fact' | 'character' | 'word' | 'format' | 'content' | 'utility';

/**
 * A corruption. Pure and deterministic: same text, options and seed give the
 * same bytes. Heavy resources (WordNet, n-gram model) load in `prepare`, so
 * `generate` stays synchronous and fast.
 *
 * A generator that waits on I/O (an LLM endpoint) also implements
 * `prefetch`: the build hands it every output it is about to ask for, it
 * fetches (or replays) them with bounded concurrency and keeps them, and the
 * synchronous `generate` then only reads what it kept. Pure generators
 * implement neither and run exactly as before.
 */
/** The cost of an I/O-bound generator's calls for a build (see Generator.estimate). */
export interface CostEstimate {
  calls: number;
  /** Calls a recording (cassette) already answers: free. */
  recorded: number;
  /** Characters of input the calls still to make would send (about four per token). */
  inputChars: number;
}

export interface Generator {
  name: string;
  /** One line, shown by `gauntlet list`. */
  description: string;
  family: GeneratorFamily;
  /** What one unit of intensity counts, e.g. "eligible word tokens". */
  unit: string;
  /** Intensity used when none is given. */
  defaultIntensity: number;
  /** Documented parameters: name -> one-line description (with default). */
  params?: Readonly<Record<string, string>>;
  /** Loads what `generate` needs (indexes, models). Called once before use (per distinct params). */
  prepare?(params?: Params, runtime?: GeneratorRuntime): Promise<void>;
  /** Gets ready the outputs `generate` will be asked for (see above); resolves when all are kept. */
  prefetch?(requests: readonly PrefetchRequest[]): Promise<void>;
  /**
   * What `prefetch` would cost for these requests, without calling anything:
   * calls in all, how many a recording already answers, and the characters
   * the calls still to make would send (a build prints it before it starts).
   */
  estimate?(requests: readonly PrefetchRequest[]): CostEstimate;
  /** What the manifest should record about how outputs were made (model id, prompt version, recording hash); after the build. */
  provenance?(params?: Params): Record<string, string> | undefined;
  generate(text: string, options: GenerateOptions): GenerateResult;
}

/**
 * What a detector is asked.
 * - tamper: single text, is it corrupted?
 * - reuse: (source, candidate), is the candidate derived from the source?
 * - consistency: (source, candidate), does the candidate alter the source's facts?
 * - spans: where are the edits? (character spans in the candidate)
 */
export type Task = 'tamper' | 'reuse' | 'consistency' | 'spans';
export const TASKS: readonly Task[] = ['tamper', 'reuse', 'consistency', 'spans'];

/** Tasks whose items carry a source text beside the candidate. */
export const PAIR_TASKS: ReadonlySet<Task> = new Set(['reuse', 'consistency', 'spans']);

export type SampleRole = 'positive' | 'negative' | 'pooled-negative';

/** One item of a dataset: a text (or pair) with its label and ground truth. */
export interface Sample {
  /** Unique within the dataset and stable across rebuilds of the same spec. */
  id: string;
  task: Task;
  /** The source document the sample derives from (the bootstrap cluster). */
  sourceId: string;
  /** Generator (or chain, joined with `+`) that made the candidate; `none` for clean text. */
  generator: string;
  /** Requested intensity; 0 for clean text. */
  intensity: number;
  realizedIntensity: number;
  /** Derived seed the generator ran with. */
  seed: string;
  /** The text the detector judges. */
  text: string;
  /** For pair tasks: the text the candidate is compared to. */
  source?: string;
  /** Ground truth for the task: 1 positive, 0 negative. Derived from edits. */
  label: 0 | 1;
  /** True when any edit alters a fact (derived from edits). */
  factAltered: boolean;
  /** Edits from `source` (or the sample's source document) to `text`. */
  edits: Edit[];
  /** `calibration` samples are clean negatives kept out of the reported numbers. */
  split: 'test' | 'calibration';
  /**
   * How the sample enters the metrics:
   * - `positive`: counted in its own (task, generator, intensity) slice;
   * - `negative`: a negative of its own slice only (e.g. an attacked negative);
   * - `pooled-negative`: a negative shared by every slice of its task (clean
   *   passages for tamper, nearest passages for reuse, fact-preserving
   *   rewrites for consistency).
   */
  role: SampleRole;
  /** Sample fields a report can group by: `family` (attack family), `factTypes` (comma-separated), `why` (how a negative was made). */
  meta?: Record<string, string | number | boolean>;
}

/** What a detector receives for one sample: never the label or edits. */
export interface DetectorItem {
  id: string;
  task: Task;
  text: string;
  source?: string;
}

/**
 * What a detector may return for one item: the raw answer, checked by the
 * harness before it counts (see detectors/validate.ts). Send a finite
 * `score`, or an `error`; a `label` alone is not an answer.
 */
export interface DetectorResult {
  id: string;
  /** Higher means more likely positive. Must be finite. */
  score?: number;
  /** The detector's own decision, when it makes one. */
  label?: 0 | 1;
  /** For the spans task: code-point spans in `text` the detector flags. */
  spans?: Span[];
  error?: string;
}

/** A checked answer that counts: a finite score, with the detector's label and spans when it gave them. */
export interface ScoredResult {
  id: string;
  status: 'scored';
  /** Finite; higher means more likely positive. */
  score: number;
  label?: 0 | 1;
  /** Within the item's text, `0 <= start <= end <= length` in code points. */
  spans?: Span[];
}

/** A checked answer that failed: the detector's own error, or why its answer was refused. */
export interface FailedResult {
  id: string;
  status: 'error';
  error: string;
}

/** A detector's answer for one item after validation: a score or an error, never silence. */
export type ValidatedResult = ScoredResult | FailedResult;

/** Shared resources a detector may use: a reference corpus of clean text. */
export interface DetectorContext {
  /** Clean background text, never the evaluated passages themselves. */
  reference: readonly Document[];
}

/**
 * A detector, as the harness sees it, whatever its transport (in-process,
 * subprocess, HTTP).
 */
export interface Detector {
  name: string;
  version: string;
  tasks: readonly Task[];
  /** One line, shown by `gauntlet list`. */
  description?: string;
  /** Called once before scoring. */
  init?(context: DetectorContext): Promise<void> | void;
  /** Scores one batch; one result per item, in any order. */
  score(items: readonly DetectorItem[]): Promise<DetectorResult[]> | DetectorResult[];
  close?(): Promise<void> | void;
}

/** A generator step in a suite: one generator or a chain, at several intensities. */
export interface GeneratorSpec {
  /** A registered generator name, a preset, or a chain (`a+b`, `a:0.3+b`). */
  name: string;
  /** Slice name in reports; defaults to the name plus its params (`synonym-spin[mode=careful]`). */
  label?: string;
  intensities: number[];
  params?: Record<string, ParamValue>;
  /** Tasks this generator feeds; defaults to the suite's tasks. */
  tasks?: Task[];
}

/** An attack applied to the negatives of pair tasks, at one intensity. */
export interface AttackSpec {
  name: string;
  label?: string;
  intensity: number;
  params?: Record<string, ParamValue>;
  tasks?: Task[];
}

/** A suite: corpus x generators x intensities x seeds. */
export interface Suite {
  name: string;
  description?: string;
  seed: number | string;
  corpus: { kind: 'embedded'; limit?: number } | { kind: 'path'; path: string; limit?: number; textColumn?: string };
  tasks: Task[];
  generators: GeneratorSpec[];
  /**
   * Attacks applied to negatives too (RAID applies its attacks to human text):
   * an unrelated passage with homoglyphs is still not reused.
   */
  negativeAttacks?: AttackSpec[];
  /** Seeds per (source, generator, intensity). */
  samplesPerSource: number;
  /** Share of clean negatives kept aside for threshold calibration. */
  calibrationShare: number;
  /** Detectors by built-in name or config object (see detectors/). */
  detectors?: Array<string | Record<string, unknown>>;
  /** Operating threshold policy. */
  threshold?: ThresholdPolicy;
}

export type ThresholdPolicy =
  | { kind: 'label' }
  | { kind: 'fixed'; value: number }
  | { kind: 'fpr'; target: number };

/** One line of scores.jsonl: a detector's answer for one sample. */
export interface ScoreRecord {
  sampleId: string;
  detector: string;
  score?: number;
  label?: 0 | 1;
  spans?: Span[];
  error?: string;
  /** Wall time for the item's batch share, in milliseconds. */
  ms?: number;
}

/** Identity of a detector in a run, so runs of two versions can be told apart. */
export interface DetectorIdentity {
  name: string;
  version: string;
  /** sha256 of the module source or command line and config. */
  hash: string;
  tasks: readonly Task[];
}

/** A run's manifest (run.json). */
export interface Run {
  id: string;
  /** ISO time; the only wall clock in outputs. */
  createdAt: string;
  toolVersion: string;
  command: string;
  datasetHash: string;
  datasetDir: string;
  suite: string;
  detectors: DetectorIdentity[];
  threshold: ThresholdPolicy;
  status: 'running' | 'complete' | 'interrupted';
}

/** Identity helpers that give users types for free (vitest's defineConfig pattern). */
export function defineGenerator(generator: Generator): Generator {
  return generator;
}
export function defineDetector(detector: Detector): Detector {
  return detector;
}
export function defineSuite<T extends Partial<Suite>>(suite: T): T {
  return suite;
}
