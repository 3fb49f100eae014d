import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer } from '@tessera/server';
import { freePort } from '@tessera/testing';

/** A resource server registered like `tessera clients add --type confidential --grant client_credentials`. */
export const ORDERS_API = { id: 'orders-service', audience: 'https://orders.interop.test', scope: 'orders:read' } as const;

export interface InteropTessera {
  /** The issuer, `http://127.0.0.1:<port>`. */
  issuer: string;
  jwksUri: string;
  /** A fresh access token from `POST /oauth/token` (client_credentials, audience {@link ORDERS_API}). */
  accessToken(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real Tessera server in this process: the default configuration (no TESSERA_JWT_ALG, the
 * default SQLite store) in a temporary data directory, on a random free port.
 */
export async function startTessera(): Promise<InteropTessera> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-interop-'));
  const config = loadConfig({ HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'silent', TESSERA_DATA_DIR: dataDir });
  let secret = '';
  const server = await startServer(config, {
    beforeListen: async (tessera) => {
      const registered = await tessera.clients.register({
        id: ORDERS_API.id,
        name: 'Orders API',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        scopes: [ORDERS_API.scope],
        audiences: [ORDERS_API.audience],
      });
      secret = registered.secret ?? '';
    },
  });
  return {
    issuer: server.tessera.settings.issuer,
    jwksUri: `${server.url}/.well-known/jwks.json`,
    accessToken: async () => {
      const response = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${ORDERS_API.id}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: ORDERS_API.scope }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || body.access_token === undefined) throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
