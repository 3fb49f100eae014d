import { NotFoundError, signingAlgorithms, type ClientRecord, type ClientType } from '@tessera/core';
import { Option, type Command } from 'commander';
import { withTessera } from './with-tessera.js';

interface AddClientOptions {
  name: string;
  type: ClientType;
  grant?: string[];
  scope: string[];
  audience?: string[];
  id?: string;
  introspect?: boolean;
  introspectSessions?: boolean;
  redirectUri: string[];
  postLogoutRedirectUri: string[];
  backchannelLogoutUri?: string;
  firstParty?: boolean;
  idTokenAlg?: string;
}

/** New clients use the code flow; the password grant only when asked for (RFC 9700 §2.4). */
const defaultGrants = ['authorization_code', 'refresh_token'];

/** Repeatable option whose values may also be given as one space- or comma-separated list. */
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(/[\s,]+/).filter(Boolean)];
/** Repeatable option taken verbatim (a URI may contain a comma). */
const repeat = (value: string, previous: string[] = []) => [...previous, value];

/** What `clients list|show` print of a client: never its secret hash. */
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
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    backchannel_logout_uri: client.backchannelLogoutUri,
    first_party: client.firstParty,
    id_token_signed_response_alg: client.idTokenSignedResponseAlg,
    created_at: new Date(client.createdAt).toISOString(),
  };
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/**
 * `tessera clients add|list|show|remove`: the OAuth client registry. A confidential client's
 * secret is printed once, by `add`, and stored only hashed.
 */
export function registerClientsCommand(program: Command): void {
  const clients = program.command('clients').description('manage OAuth clients');
  registerAdd(clients);
  clients
    .command('list')
    .description('print every client as JSON (the built-in first-party client `tessera` first); secrets are never shown')
    .action(async () => {
      const listed = await withTessera((tessera) => tessera.clients.list());
      print({ clients: listed.map(clientJson) });
    });
  clients
    .command('show')
    .description('print one client as JSON; never its secret')
    .argument('[id]', 'the client id')
    .option('--id <id>', 'the client id (instead of the argument)')
    .action(async (argument: string | undefined, options: { id?: string }) => {
      const id = clientIdOf(clients, argument, options);
      const client = await withTessera((tessera) => tessera.clients.find(id));
      if (!client) throw new NotFoundError('no such client');
      print(clientJson(client));
    });
  clients
    .command('remove')
    .description('delete a client: it can no longer authenticate or get tokens (tokens it holds live until they expire)')
    .argument('[id]', 'the client id')
    .option('--id <id>', 'the client id (instead of the argument)')
    .action(async (argument: string | undefined, options: { id?: string }) => {
      const id = clientIdOf(clients, argument, options);
      await withTessera((tessera) => tessera.clients.remove(id), { writes: true });
      process.stdout.write(`${JSON.stringify({ removed: { client_id: id } })}\n`);
    });
}

function clientIdOf(command: Command, argument: string | undefined, options: { id?: string }): string {
  if (argument !== undefined && options.id !== undefined && argument !== options.id) command.error('give the client id once', { exitCode: 2 });
  const id = argument ?? options.id;
  if (id === undefined) command.error('a client id is required', { exitCode: 2 });
  return id;
}

function registerAdd(clients: Command): void {
  clients
    .command('add')
    .description('register a client; prints it (with a confidential client\'s secret, once) as JSON')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--type <type>', 'client type').choices(['public', 'confidential']).makeOptionMandatory())
    .option('--grant <grant>', 'allowed grant type (repeatable): authorization_code, refresh_token, password, client_credentials. Default: authorization_code refresh_token', collect)
    .option('--redirect-uri <uri>', 'registered redirect URI (repeatable), matched exactly; https, loopback http (any port) or a private-use scheme like com.example.app:/cb', repeat, [])
    .option('--post-logout-redirect-uri <uri>', 'where RP-initiated logout may send the user back (repeatable)', repeat, [])
    .option('--backchannel-logout-uri <uri>', 'receives a logout token (OIDC Back-Channel Logout) when a session of this client ends')
    .option('--first-party', 'operated by you: the consent page is skipped')
    .addOption(new Option('--id-token-alg <alg>', 'id_token_signed_response_alg (default RS256)').choices(signingAlgorithms))
    .option('--scope <scope>', 'allowed scope (repeatable)', collect, [])
    .option('--audience <audience>', 'allowed audience (repeatable; the first is the default). Default: the issuer', collect)
    .option('--id <id>', 'client id (default: random)')
    .option('--introspect', 'a resource server: may introspect access tokens for its audiences and subscribe to the revocation stream (confidential only)')
    .option('--introspect-sessions', 'may also introspect session cookie values, answered with aud = its first audience (implies --introspect)')
    .action(async (options: AddClientOptions) => {
      const { client, secret } = await withTessera(
        (tessera) =>
          tessera.clients.register({
            ...(options.id === undefined ? {} : { id: options.id }),
            ...(options.audience === undefined ? {} : { audiences: options.audience }),
            name: options.name,
            type: options.type,
            grantTypes: options.grant ?? defaultGrants,
            scopes: options.scope,
            introspect: options.introspect === true,
            introspectSessions: options.introspectSessions === true,
            redirectUris: options.redirectUri,
            postLogoutRedirectUris: options.postLogoutRedirectUri,
            backchannelLogoutUri: options.backchannelLogoutUri ?? null,
            firstParty: options.firstParty === true,
            idTokenSignedResponseAlg: options.idTokenAlg ?? null,
          }),
        { writes: true },
      );
      const { id, name: _name, created_at: _created, ...rest } = clientJson(client);
      print({ client_id: id, ...(secret === null ? {} : { client_secret: secret }), ...rest });
      if (secret !== null) process.stderr.write('Store the client_secret now: it is not shown again.\n');
    });
}
