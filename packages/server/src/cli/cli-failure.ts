import { TesseraError } from '@tessera/core';
import { ConfigError } from '../config/load-config.js';

/** A failure the CLI reports as one line, with an exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** Exit codes: 2 for configuration and usage errors, 1 for everything else. */
export function reportFailure(error: unknown, write: (line: string) => void = (line) => process.stderr.write(line)): number {
  if (error instanceof ConfigError) {
    write(`tessera: invalid configuration: ${error.message}\n`);
    return 2;
  }
  if (error instanceof CliFailure) {
    write(`tessera: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof TesseraError) {
    write(`tessera: ${error.message} (${error.code})\n`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  write(`tessera: ${code === 'EADDRINUSE' ? 'the address is already in use: ' : ''}${message}\n`);
  return 1;
}
