#!/usr/bin/env node
import { main } from './main.js';
import { processIO } from './io.js';
import { exitCodeOf } from './exit-code.js';

// The only place that sets the exit code: commands return outcomes, exitCodeOf maps them.
main(process.argv.slice(2), processIO()).then(
  (outcome) => {
    process.exitCode = exitCodeOf(outcome);
  },
  (error: unknown) => {
    process.stderr.write(`gauntlet: ${String(error)}\n`);
    process.exitCode = exitCodeOf({ kind: 'failed', error });
  },
);
