import type { ClientRecord, ClientType } from '@tessera/core';
import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { withTessera } from './with-tessera.js';

interface AddClientOptions {
  name: string;
  type: ClientType;
  grant: string[];
  scope: string[];
  audience?: string[];
  id?: string;
  introspect?: boolean;
  introspectSessions?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(/[\s,]+/).filter(Boolean)];

/** What `clients list` prints of a client: never its secret hash. */
function clientJson(client: ClientRecord) {
  return {
    id: client.id,
    name: client.name,
    type: client.type,
    grant_types: client.grantTypes,
    scopes: client.scopes,
    audiences: client.audiences,
    introspect: client.introspect,
    introspect_sessions: client.introspectSessions,
    created_at: new Date(client.createdAt).toISOString(),
  };
}

/**
 * `tessera clients add|list|remove`: the OAuth client registry. A confidential client's secret is
 * printed once, by `add`, and stored only hashed.
 */
export function registerClientsCommand(program: Command): void {
  const clients = program.command('clients').description('manage OAuth clients');
  clients
    .command('add')
    .description('register a client; prints its id (and a confidential client\'s secret, once) as JSON')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--type <type>', 'client type').choices(['public', 'confidential']).makeOptionMandatory())
    .requiredOption('--grant <grant>', 'allowed grant type (repeatable): password, refresh_token, client_credentials', collect)
    .option('--scope <scope>', 'allowed scope (repeatable)', collect, [])
    .option('--audience <audience>', 'allowed audience (repeatable; the first is the default). Default: the issuer', collect)
    .option('--id <id>', 'client id (default: random)')
    .option('--introspect', 'a resource server: may introspect access tokens for its audiences and subscribe to the revocation stream (confidential only)')
    .option('--introspect-sessions', 'may also introspect session cookie values, answered with aud = its first audience (implies --introspect)')
    .action(async (options: AddClientOptions) => {
      const audiences = options.audience ?? [loadConfig().issuer];
      const { client, secret } = await withTessera((tessera) =>
        tessera.clients.register({
          ...(options.id === undefined ? {} : { id: options.id }),
          name: options.name,
          type: options.type,
          grantTypes: options.grant,
          scopes: options.scope,
          audiences,
          introspect: options.introspect === true,
          introspectSessions: options.introspectSessions === true,
        }),
        { writes: true },
      );
      const output = { client_id: client.id, ...(secret === null ? {} : { client_secret: secret }), type: client.type, grant_types: client.grantTypes, scopes: client.scopes, audiences: client.audiences, introspect: client.introspect, introspect_sessions: client.introspectSessions };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      if (secret !== null) process.stderr.write('Store the client_secret now: it is not shown again.\n');
    });
  clients
    .command('list')
    .description('print every client as JSON (the built-in first-party client `tessera` first); secrets are never shown')
    .action(async () => {
      const listed = await withTessera((tessera) => tessera.clients.list());
      process.stdout.write(`${JSON.stringify({ clients: listed.map(clientJson) }, null, 2)}
`);
    });
  clients
    .command('remove')
    .description('delete a client: it can no longer authenticate or get tokens (tokens it holds live until they expire)')
    .requiredOption('--id <id>', 'the client id')
    .action(async (options: { id: string }) => {
      await withTessera((tessera) => tessera.clients.remove(options.id), { writes: true });
      process.stdout.write(`${JSON.stringify({ removed: { client_id: options.id } })}\n`);
    });
}
