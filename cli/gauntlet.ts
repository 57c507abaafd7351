#!/usr/bin/env node
import { main } from './main.js';
import { processIO } from './io.js';

// The only place that exits: every command returns its code.
main(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gauntlet: ${String(error)}\n`);
    process.exitCode = 3;
  },
);
