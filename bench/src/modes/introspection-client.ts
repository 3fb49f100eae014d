/**
 * A confidential client allowed to call `/oauth/introspect`, registered through the CLI
 * (`tessera clients add`, CONTRACT.md "Commands"). Its secret is shown once on stdout.
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
  const name = `lab-introspector-${process.pid}`;
  const attempts: string[][] = [
    ['clients', 'add', '--name', name, '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'introspect', '--audience', server.url, '--json'],
    ['clients', 'add', '--name', name, '--type', 'confidential', '--grants', 'client_credentials', '--audience', server.url, '--json'],
    ['clients', 'add', name, '--confidential', '--json'],
  ];
  const problems: string[] = [];
  for (const args of attempts) {
    try {
      const stdout = await runTesseraCommand(ctx, server, args);
      const parsed = parseClientOutput(stdout);
      if (parsed) return parsed;
      problems.push(`\`tessera ${args.slice(0, 2).join(' ')}\` printed no client id and secret`);
    } catch (error) {
      problems.push(errorMessage(error));
    }
  }
  throw new Error(`cannot register an introspection client: ${problems[0] ?? 'unknown'}`);
}
