import type { ClientType } from '@tessera/core';
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

/**
 * `tessera clients add`: registers an OAuth client. A confidential client's secret is printed
 * once, here, and stored only hashed.
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
      );
      const output = { client_id: client.id, ...(secret === null ? {} : { client_secret: secret }), type: client.type, grant_types: client.grantTypes, scopes: client.scopes, audiences: client.audiences, introspect: client.introspect, introspect_sessions: client.introspectSessions };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      if (secret !== null) process.stderr.write('Store the client_secret now: it is not shown again.\n');
    });
}
