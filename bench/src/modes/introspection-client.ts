/**
 * A confidential client allowed to call `/oauth/introspect`, registered through the CLI
 * (`tessera clients add`, packages/server/README.md). Its secret is shown once on stdout.
 */
import { errorMessage, type LabContext } from '../lab-context.js';
import { runTesseraCommand, type RunningTessera } from '../process/lab-processes.js';

export interface ClientCredentials {
  id: string;
  secret: string;
}

/** Finds a client id and secret in the CLI's output: JSON, or `key: value` / `key=value` lines. */
export function parseClientOutput(stdout: string): ClientCredentials | null {
  const text = stdout.trim();
  const fromJson = (value: unknown): ClientCredentials | null => {
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    const nested = (record.client ?? {}) as Record<string, unknown>;
    const id = record.client_id ?? record.clientId ?? record.id ?? nested.id;
    const secret = record.client_secret ?? record.clientSecret ?? record.secret;
    return typeof id === 'string' && typeof secret === 'string' ? { id, secret } : null;
  };
  for (const candidate of [text, text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)]) {
    try {
      const parsed = fromJson(JSON.parse(candidate));
      if (parsed) return parsed;
    } catch {
      // not JSON
    }
  }
  const field = (names: string[]) => {
    for (const name of names) {
      const match = new RegExp(`^\\s*${name}\\s*[:=]\\s*(\\S+)`, 'im').exec(text);
      if (match) return match[1]!.replace(/^["']|["',]$/g, '');
    }
    return undefined;
  };
  const id = field(['client_id', 'client id', 'clientId', 'id']);
  const secret = field(['client_secret', 'client secret', 'clientSecret', 'secret']);
  return id && secret ? { id, secret } : null;
}

export async function registerIntrospectionClient(ctx: LabContext, server: RunningTessera): Promise<ClientCredentials> {
  const args = ['clients', 'add', '--name', `lab-introspector-${process.pid}`, '--type', 'confidential', '--grant', 'client_credentials', '--audience', server.url, '--introspect-sessions'];
  let stdout: string;
  try {
    stdout = await runTesseraCommand(ctx, server, args);
  } catch (error) {
    throw new Error(`cannot register an introspection client: ${errorMessage(error)}`, { cause: error });
  }
  const parsed = parseClientOutput(stdout);
  if (!parsed) throw new Error('cannot register an introspection client: `tessera clients add` printed no client_id and client_secret');
  // The CLI writes to the server's stores from another process: check the server sees the client.
  try {
    await server.client.introspect(server.tokens.accessToken, parsed);
  } catch (error) {
    throw new Error(`the client registered by \`tessera clients add\` is not usable at the running server (${errorMessage(error)}); its stores are probably not shared between processes`, { cause: error });
  }
  return parsed;
}
