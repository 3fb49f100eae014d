import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { startServer } from '../serve.js';

/** `tessera serve`: the server, configured from the environment, with graceful shutdown on SIGINT/SIGTERM. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the auth server (configuration: environment, see docs/configuration.md)')
    .action(async () => {
      await startServer(loadConfig(), { handleSignals: true });
    });
}
