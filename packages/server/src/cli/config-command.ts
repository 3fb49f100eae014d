import type { Command } from 'commander';
import { configOptions, type ConfigKey } from '../config/config-options.js';
import { configWarnings, loadConfig } from '../config/load-config.js';
import { renderConfigDocs } from '../config/render-config-docs.js';

/** `tessera config check` validates the environment without starting; `tessera config docs` prints docs/configuration.md. */
export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .description('validate the environment and print the resolved configuration (secrets hidden)')
    .action(() => {
      const resolved = loadConfig();
      const shown = Object.fromEntries(
        Object.entries(resolved).map(([key, value]) => {
          const spec = configOptions[key as ConfigKey] as { secret?: boolean } | undefined;
          return [key, spec?.secret && value !== undefined ? '[set]' : value];
        }),
      );
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      for (const warning of configWarnings(resolved)) process.stderr.write(`warning: ${warning}\n`);
    });
  config
    .command('docs')
    .description('print docs/configuration.md, generated from the option table')
    .action(() => {
      process.stdout.write(renderConfigDocs());
    });
}
