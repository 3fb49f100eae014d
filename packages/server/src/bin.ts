#!/usr/bin/env node
import { CommanderError } from 'commander';
import { reportFailure } from './cli/cli-failure.js';
import { createProgram } from './cli/program.js';

/**
 * Entry point of `tessera` (bin/tessera.js and `npm start` run this). Failures print one line and
 * exit 2 (configuration, usage) or 1; never a stack trace.
 */
try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander printed its message (or the help) already.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportFailure(error);
  }
}
