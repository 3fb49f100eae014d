import type { Command } from 'commander';
import { withTessera } from './with-tessera.js';

/** `tessera keys rotate`: stages a new signing key (published now, signing after the JWKS cache lifetime). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage signing keys');
  keys
    .command('rotate')
    .description('stage a new signing key: published in the JWKS at once, used for signing once every verifier can have it')
    .action(async () => {
      const record = await withTessera((tessera) => tessera.keys.rotate());
      process.stdout.write(`${JSON.stringify({ kid: record.kid, alg: record.alg, activates_at: new Date(record.activatesAt).toISOString() })}\n`);
    });
}
