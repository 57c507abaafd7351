import { defineReporter } from './reporter.js';

/** The `json` format: metrics.json, every figure of the run for other tools. */
export const jsonReporter = defineReporter({
  format: 'json',
  fileName: 'metrics.json',
  render: ({ metrics }) => `${JSON.stringify(metrics, null, 2)}\n`,
});
