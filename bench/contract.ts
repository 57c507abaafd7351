/**
 * A bench suite: one file in bench/suites/ exporting `defineBenchSuite`.
 * Each task says how many units (words, items, samples...) one call
 * processes, so the table reports throughput in units per second, and may
 * state the DESIGN.md target it is held to.
 */
export interface BenchTask {
  name: string;
  fn: () => unknown | Promise<unknown>;
  /** Units processed by one call of fn. */
  unitsPerOp: number;
  /** What a unit is, e.g. "words", "items", "scores". */
  unit: string;
  /** Minimum units per second from DESIGN.md, if any. */
  target?: number;
  /**
   * Timed iterations to run at least (tinybench's default is 64, after 16
   * warmup ones): lower it for a task that takes a large fraction of a
   * second per call, so the suite does not take minutes. The time budget
   * (`--time`) still applies.
   */
  iterations?: number;
}

/** A measurement that is not a tinybench loop (load times, peak memory...). */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target?: number;
  /** true when higher is better (throughput), false when lower is (latency). */
  higherIsBetter: boolean;
}

export interface BenchSuite {
  name: string;
  /** Prepares inputs; returns the loops to time and any one-off figures. */
  setup(): Promise<{ tasks: BenchTask[]; figures?: BenchFigure[] }>;
}

export function defineBenchSuite(suite: BenchSuite): BenchSuite {
  return suite;
}
