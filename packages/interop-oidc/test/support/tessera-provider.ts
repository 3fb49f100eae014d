import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer, type RunningServer } from '@tessera/server';
import { freePort } from '@tessera/testing';
import type { RelyingParty } from './relying-party.js';

/** The three kinds of client issue 11 names, registered as `tessera clients add` would. */
export const CLIENTS = {
  /** A server-rendered site: `--type confidential --grant authorization_code --grant refresh_token`. */
  confidential: { id: 'photo-prints', name: 'Photo Prints' },
  /** A single-page or native app: `--type public`, no secret, PKCE only. */
  public: { id: 'photo-viewer', name: 'Photo Viewer' },
  /** Operated by the server's owner: `--first-party`, so no consent page. */
  firstParty: { id: 'own-gallery', name: 'Own Gallery', firstParty: true },
} as const;

export type ClientKind = keyof typeof CLIENTS;

export interface OidcProvider {
  /** The issuer, `http://127.0.0.1:<port>`: what discovery starts from. */
  issuer: string;
  /** The confidential client's secret, as `clients add` printed it once. */
  confidentialSecret: string;
  account: { email: string; password: string };
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * A real Tessera server in this process with the DEFAULT configuration (default signing
 * algorithms, the embedded SQLite store in a temporary data directory) on a random free port,
 * the three clients registered for `rp`'s callback and post-logout URIs, and one signed-up account.
 */
export async function startOidcProvider(rp: RelyingParty): Promise<OidcProvider> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-interop-oidc-'));
  const config = loadConfig({ HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'silent', TESSERA_DATA_DIR: dataDir });
  const server = await startServer(config);
  const common = {
    scopes: ['openid', 'email', 'offline_access'],
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: [rp.callbackUri],
    postLogoutRedirectUris: [rp.signedOutUri],
  };
  const { secret } = await server.tessera.clients.register({ ...common, ...CLIENTS.confidential, type: 'confidential' });
  await server.tessera.clients.register({ ...common, ...CLIENTS.public, type: 'public' });
  await server.tessera.clients.register({ ...common, ...CLIENTS.firstParty, type: 'public' });
  const account = { email: `interop-${randomBytes(6).toString('hex')}@example.test`, password: `correct horse ${randomBytes(8).toString('hex')}` };
  const signup = await fetch(`${server.url}/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  if (signup.status !== 201) throw new Error(`sign-up answered ${signup.status}: ${await signup.text()}`);
  return {
    issuer: server.tessera.settings.issuer,
    confidentialSecret: secret ?? '',
    account,
    server,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
