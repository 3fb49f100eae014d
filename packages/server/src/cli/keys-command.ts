import type { Command } from 'commander';
import { signingKeyStates } from './signing-key-states.js';
import { withTessera } from './with-tessera.js';

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

/** `tessera keys list` shows the signing keys; `tessera keys rotate` stages a new one (published now, signing after the JWKS cache lifetime). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage signing keys');
  keys
    .command('list')
    .description('print the published signing keys as JSON: kid, alg, state (next, active, retiring) and their dates')
    .action(async () => {
      const listed = await withTessera(async (tessera) => signingKeyStates(await tessera.stores.keys.listSigningKeys(), tessera.clock.now()));
      const output = listed.map(({ record, state }) => ({
        kid: record.kid,
        alg: record.alg,
        state,
        created_at: iso(record.createdAt),
        activates_at: iso(record.activatesAt),
        retires_at: iso(record.retiresAt),
      }));
      process.stdout.write(`${JSON.stringify({ keys: output }, null, 2)}\n`);
    });
  keys
    .command('rotate')
    .description('stage a new signing key: published in the JWKS at once, used for signing once every verifier can have it')
    .action(async () => {
      const record = await withTessera((tessera) => tessera.keys.rotate(), { writes: true });
      process.stdout.write(`${JSON.stringify({ kid: record.kid, alg: record.alg, activates_at: new Date(record.activatesAt).toISOString() })}\n`);
    });
}
