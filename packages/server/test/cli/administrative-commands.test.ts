import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type StartedServer } from '../support/start-server.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');

/** Runs `tessera <args>` from source with `stdin`, returning exit code and output. */
function tessera(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(join(repoRoot, 'node_modules/.bin/tsx'), ['--conditions=source', 'packages/server/src/bin.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('tessera migrate, users add, clients add, keys rotate', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = { TESSERA_DATA_DIR: await mkdtemp(join(tmpdir(), 'tessera-cli-')) };
  });
  afterAll(async () => {
    await rm(env.TESSERA_DATA_DIR!, { recursive: true, force: true });
  });

  it('migrate creates the embedded database, then finds nothing to do', async () => {
    const first = await tessera(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/tessera\.db: applied /);
    const second = await tessera(['migrate'], env);
    expect(second.stdout).toMatch(/already up to date/);
  }, 60_000);

  it('users add reads the password from stdin, applies the policy, and refuses a taken email', async () => {
    const created = await tessera(['users', 'add', '--email', 'Admin@Example.com', '--password-stdin'], env, 'a long enough passphrase\n');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ user: { email: 'admin@example.com' } });
    expect(created.stdout).not.toContain('passphrase');
    const weak = await tessera(['users', 'add', '--email', 'other@example.com', '--password-stdin'], env, 'password\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim().split('\n')).toHaveLength(1);
    expect(weak.stderr).toMatch(/weak_password/);
    const taken = await tessera(['users', 'add', '--email', 'admin@example.com', '--password-stdin'], env, 'another long passphrase\n');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/email_taken/);
  }, 60_000);

  it('clients add prints a confidential client\'s secret once; keys rotate stages a key', async () => {
    const added = await tessera(
      ['clients', 'add', '--name', 'Orders', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'orders:read', '--scope', 'orders:write', '--audience', 'https://orders.example.com', '--id', 'orders-service'],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    const client = JSON.parse(added.stdout);
    expect(client).toMatchObject({ client_id: 'orders-service', type: 'confidential', scopes: ['orders:read', 'orders:write'], audiences: ['https://orders.example.com'] });
    expect(client.client_secret.length).toBeGreaterThanOrEqual(43);
    const duplicate = await tessera(['clients', 'add', '--name', 'Again', '--type', 'public', '--grant', 'password', '--id', 'orders-service'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/client_exists/);

    const rotated = await tessera(['keys', 'rotate'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ kid: expect.any(String), alg: 'ES256', activates_at: expect.any(String) });
  }, 60_000);

  it('clients add registers a code-flow client by default (no password grant), with its redirect and logout URIs', async () => {
    const added = await tessera(
      ['clients', 'add', '--name', 'Shop SPA', '--type', 'public', '--id', 'shop-spa', '--scope', 'openid email',
        '--redirect-uri', 'https://shop.example.com/callback', '--redirect-uri', 'http://127.0.0.1/cb',
        '--post-logout-redirect-uri', 'https://shop.example.com/', '--backchannel-logout-uri', 'https://shop.example.com/bc',
        '--first-party', '--id-token-alg', 'ES256'],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    const expected = {
      type: 'public',
      grant_types: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'email'],
      // The default audience is the configured issuer (here the default one).
      audiences: ['http://127.0.0.1:8080'],
      redirect_uris: ['https://shop.example.com/callback', 'http://127.0.0.1/cb'],
      post_logout_redirect_uris: ['https://shop.example.com/'],
      backchannel_logout_uri: 'https://shop.example.com/bc',
      first_party: true,
      id_token_signed_response_alg: 'ES256',
    };
    expect(JSON.parse(added.stdout)).toEqual({ client_id: 'shop-spa', introspect: false, introspect_sessions: false, ...expected });
    const shown = await tessera(['clients', 'show', 'shop-spa'], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: 'shop-spa', name: 'Shop SPA', ...expected });
    expect((await tessera(['clients', 'show', 'no-such-client'], env)).stderr).toMatch(/not_found/);

    const issuerEnv = { ...env, TESSERA_ISSUER: 'https://auth.example.com' };
    const withPassword = await tessera(['clients', 'add', '--name', 'Legacy', '--type', 'public', '--grant', 'password', '--grant', 'refresh_token'], issuerEnv);
    expect(withPassword.code, withPassword.stderr).toBe(0);
    expect(JSON.parse(withPassword.stdout)).toMatchObject({ grant_types: ['password', 'refresh_token'], audiences: ['https://auth.example.com'] });
  }, 60_000);

  it('clients add refuses bad redirect URIs, a code-flow client without one, and client_credentials for a public client', async () => {
    const refused = async (args: string[], message: RegExp) => {
      const result = await tessera(['clients', 'add', '--name', 'Bad', '--type', 'public', ...args], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/invalid_input/);
    };
    await refused(['--redirect-uri', 'http://shop.example.com/cb'], /loopback/);
    await refused(['--redirect-uri', 'https://shop.example.com/cb#x'], /fragment/);
    await refused([], /redirect URI/);
    await refused(['--grant', 'client_credentials'], /confidential/);
    const badAlg = await tessera(['clients', 'add', '--name', 'Bad', '--type', 'public', '--id-token-alg', 'HS256'], env);
    expect(badAlg.code).toBe(2);
  }, 60_000);

  it('usage errors exit 2', async () => {
    const result = await tessera(['clients', 'add', '--name', 'x', '--type', 'sometimes', '--grant', 'password'], env);
    expect(result.code).toBe(2);
  }, 60_000);
});

/** The JSON the commands under test print (each prints some of these fields). */
interface CliOutput {
  users: { id: string; email: string }[];
  next_cursor: string | null;
  user: Record<string, unknown>;
  removed: Record<string, unknown>;
  clients: { id: string }[];
  keys: Record<string, string | null>[];
  client_secret: string;
  kid: string;
  alg: string;
  activates_at: string;
}

describe('tessera --version', () => {
  it('prints the version of packages/server/package.json', async () => {
    const { version } = JSON.parse(await readFile(join(repoRoot, 'packages/server/package.json'), 'utf8')) as { version: string };
    const result = await tessera(['--version'], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  }, 60_000);
});

describe('tessera users list|disable|enable|remove, clients list|remove, keys list, against a running server', () => {
  let server: StartedServer;
  let env: Record<string, string>;
  const email = 'operator-test@example.com';
  const password = 'a long enough passphrase';
  const json = (output: string) => JSON.parse(output) as CliOutput;

  const login = (pw = password) =>
    fetch(`${server.baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pw }) });
  const passwordGrant = () =>
    fetch(`${server.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'password', username: email, password }) });
  const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

  beforeAll(async () => {
    // The CLI and the server share the embedded SQLite database, as on an operator's host.
    server = await startTestServer({ store: 'sqlite' });
    env = { TESSERA_DATA_DIR: server.config.dataDir };
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('users add says which database it wrote to; users list pages by cursor and searches', async () => {
    const created = await tessera(['users', 'add', '--email', email, '--password-stdin'], env, `${password}\n`);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toBe(`wrote to SQLite ${join(resolve(server.config.dataDir), 'tessera.db')}\n`);
    for (const other of ['operator-two@example.com', 'someone-else@example.org']) {
      expect((await tessera(['users', 'add', '--email', other, '--password-stdin'], env, `${password}\n`)).code).toBe(0);
    }

    const first = await tessera(['users', 'list', '--limit', '2'], env);
    expect(first.code, first.stderr).toBe(0);
    const firstPage = json(first.stdout);
    expect(firstPage.users).toHaveLength(2);
    expect(firstPage.next_cursor).toEqual(expect.any(String));
    const second = json((await tessera(['users', 'list', '--limit', '2', '--after', firstPage.next_cursor!], env)).stdout);
    const emails = [...firstPage.users, ...second.users].map((u) => u.email).sort();
    expect(emails).toEqual(['operator-test@example.com', 'operator-two@example.com', 'someone-else@example.org']);
    expect(first.stdout + JSON.stringify(second)).not.toContain('argon2');

    const searched = json((await tessera(['users', 'list', '--search', 'OPERATOR-'], env)).stdout);
    expect(searched.users.map((u) => u.email).sort()).toEqual(['operator-test@example.com', 'operator-two@example.com']);
    expect(searched.users[0]).toEqual({ id: expect.any(String), email: expect.any(String), created_at: expect.any(String), disabled: false, disabled_at: null });
    expect(searched.next_cursor).toBeNull();
    expect((await tessera(['users', 'list', '--limit', '0'], env)).code).toBe(2);
  }, 120_000);

  it('users disable refuses login as a wrong password would, ends the sessions and access tokens; enable lets the user back in', async () => {
    const loggedIn = await login();
    expect(loggedIn.status).toBe(200);
    const cookie = cookieOf(loggedIn);
    const grant = await passwordGrant();
    expect(grant.status).toBe(200);
    const { access_token: accessToken } = (await grant.json()) as { access_token: string };
    expect((await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);

    const disabled = await tessera(['users', 'disable', '--email', email], env);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(json(disabled.stdout).user).toMatchObject({ email, disabled: true, disabled_at: expect.any(String) });
    expect(disabled.stderr).toMatch(/^wrote to SQLite /);

    const refused = await login();
    const wrongPassword = await login('not the passphrase at all');
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe(await wrongPassword.text());
    expect((await passwordGrant()).status).toBe(400);
    expect((await fetch(`${server.baseUrl}/auth/session`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(401);
    const listed = json((await tessera(['users', 'list', '--search', 'operator-test'], env)).stdout);
    expect(listed.users[0]).toMatchObject({ email, disabled: true });

    const enabled = await tessera(['users', 'enable', '--email', email], env);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(json(enabled.stdout).user).toMatchObject({ disabled: false, disabled_at: null });
    expect((await login()).status).toBe(200);
  }, 120_000);

  it('users remove needs --yes, then deletes the account and ends its sessions', async () => {
    const cookie = cookieOf(await login());
    const unconfirmed = await tessera(['users', 'remove', '--email', email], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    expect((await login()).status).toBe(200);

    const { users } = json((await tessera(['users', 'list', '--search', 'operator-test'], env)).stdout);
    const removed = await tessera(['users', 'remove', '--id', users[0]!.id, '--yes'], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(json(removed.stdout)).toEqual({ removed: { id: users[0]!.id, email } });
    expect((await login()).status).toBe(401);
    expect((await fetch(`${server.baseUrl}/auth/session`, { headers: { cookie } })).status).toBe(401);
    expect(json((await tessera(['users', 'list', '--search', 'operator-test'], env)).stdout).users).toEqual([]);
    const again = await tessera(['users', 'remove', '--email', email, '--yes'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not_found/);
    expect((await tessera(['users', 'disable', '--email', email, '--id', users[0]!.id], env)).code).toBe(2);
  }, 120_000);

  it('clients list shows every client without secrets; clients remove deletes one but never the first-party client', async () => {
    const added = await tessera(['clients', 'add', '--name', 'Reports', '--type', 'confidential', '--grant', 'client_credentials', '--audience', 'https://reports.example.com', '--id', 'reports-service'], env);
    expect(added.code, added.stderr).toBe(0);
    const { client_secret: secret } = json(added.stdout);

    const listed = await tessera(['clients', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const { clients } = json(listed.stdout);
    expect(clients.map((c) => c.id)).toEqual(expect.arrayContaining(['tessera', 'e2e-service', 'reports-service']));
    expect(clients.find((c) => c.id === 'reports-service')).toEqual({
      id: 'reports-service',
      name: 'Reports',
      type: 'confidential',
      grant_types: ['client_credentials'],
      scopes: [],
      audiences: ['https://reports.example.com'],
      introspect: false,
      introspect_sessions: false,
      redirect_uris: [],
      post_logout_redirect_uris: [],
      backchannel_logout_uri: null,
      first_party: false,
      id_token_signed_response_alg: null,
      created_at: expect.any(String),
    });
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toMatch(/secret/);

    const clientGrant = () =>
      fetch(`${server.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`reports-service:${secret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
    expect((await clientGrant()).status).toBe(200);
    const removed = await tessera(['clients', 'remove', 'reports-service'], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toMatch(/^wrote to SQLite /);
    expect((await clientGrant()).status).toBe(401);
    expect(json((await tessera(['clients', 'list'], env)).stdout).clients.map((c) => c.id)).not.toContain('reports-service');

    const firstParty = await tessera(['clients', 'remove', '--id', 'tessera'], env);
    expect(firstParty.code).toBe(1);
    expect(firstParty.stderr).toMatch(/first-party/);
    expect((await tessera(['clients', 'remove', '--id', 'reports-service'], env)).stderr).toMatch(/not_found/);
  }, 120_000);

  it('keys list shows the active key, and after keys rotate a next key that activates later', async () => {
    const before = json((await tessera(['keys', 'list'], env)).stdout).keys;
    expect(before.filter((k) => k.state === 'active')).toHaveLength(1);
    const rotated = json((await tessera(['keys', 'rotate'], env)).stdout);
    const listed = await tessera(['keys', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const keys = json(listed.stdout).keys;
    expect(keys.find((k) => k.kid === rotated.kid)).toEqual({ kid: rotated.kid, alg: rotated.alg, state: 'next', created_at: expect.any(String), activates_at: rotated.activates_at, retires_at: null });
    const active = keys.filter((k) => k.state === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]!.retires_at).toEqual(expect.any(String));
    expect(Date.parse(active[0]!.retires_at!)).toBeGreaterThan(Date.parse(rotated.activates_at));
    expect(listed.stdout).not.toMatch(/private|"d"/);
  }, 120_000);
});
