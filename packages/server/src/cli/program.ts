import { Command } from 'commander';
import { registerBenchCommand } from './bench-command.js';
import { registerClientsCommand } from './clients-command.js';
import { registerConfigCommand } from './config-command.js';
import { registerKeysCommand } from './keys-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { packageVersion } from './package-version.js';
import { registerServeCommand } from './serve-command.js';
import { registerUsersCommand } from './users-command.js';

/** The `tessera` command line. Configuration comes from the environment, as for the server. */
export function createProgram(): Command {
  const program = new Command('tessera')
    .description('Tessera: sessions, tokens and the hybrid model behind one API')
    .version(packageVersion(), '-V, --version', 'print the version of @tessera/server')
    .showHelpAfterError()
    .exitOverride((error) => {
      throw error;
    });
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerUsersCommand(program);
  registerClientsCommand(program);
  registerKeysCommand(program);
  registerBenchCommand(program);
  registerConfigCommand(program);
  return program;
}
