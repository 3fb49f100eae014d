import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, type Stores, type Tessera, type TesseraOptions } from '@tessera/core';
import { dropSchema, freePort, serviceAvailable, testPostgresUrl, uniqueSchema } from '@tessera/testing';
import { createPostgresStores, createSqliteStores } from '@tessera/store-sql';
import type { DestinationStream } from 'pino';
import { loadConfig, type ServerConfig } from '../../src/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer } from '../../src/serve.js';

export type TestStore = 'memory' | 'sqlite' | 'postgres';

/** A registered confidential client the suites use for client_credentials and introspection. */
export interface TestClient {
  id: string;
  secret: string;
  audience: string;
  scope: string;
}

export interface StartedServer {
  baseUrl: string;
  close(): Promise<void>;
  tessera: Tessera;
  config: ServerConfig;
  confidentialClient: TestClient;
  /** The server's own PostgreSQL schema (store 'postgres' only), for tests that reach into its tables. */
  postgresSchema?: string;
}

export interface StartTestServerOptions {
  store?: TestStore;
  /** Environment on top of the test defaults (LOG_LEVEL=silent, a temp TESSERA_DATA_DIR, a free port). */
  env?: Record<string, string>;
  /** Capture log lines (the redaction test). */
  logDestination?: DestinationStream;
  tesseraOverrides?: Partial<TesseraOptions>;
  /** Wraps the opened stores (tests that simulate an unreachable backend). */
  wrapStores?: (stores: Stores) => Stores;
}

/**
 * The suites sign up hundreds of accounts from 127.0.0.1, far past the production sign-up caps;
 * the sign-up throttle's own tests set their limits explicitly.
 */
export const testSignupLimits: Record<string, string> = { TESSERA_SIGNUPS_PER_IP_PER_HOUR: '1000000', TESSERA_SIGNUPS_PER_HOUR: '100000000' };

/**
 * Stores the end-to-end suites run against: memory and SQLite always, PostgreSQL when reachable
 * (required, not skipped, under CI=true or TESSERA_REQUIRE_SERVICES).
 */
export async function availableTestStores(): Promise<TestStore[]> {
  return ['memory', 'sqlite', ...((await serviceAvailable('postgres')) ? (['postgres'] as const) : [])];
}

/**
 * Starts a REAL server (the same `startServer` as `tessera serve`) on 127.0.0.1 and a free port,
 * with the chosen store in a temp directory. Argon2 keeps its default parameters.
 */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<StartedServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-e2e-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const config = loadConfig({ HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', TESSERA_DATA_DIR: dataDir, ...testSignupLimits, ...options.env });
    const logger = createLogger({ level: options.logDestination ? 'trace' : config.logLevel, ...(options.logDestination ? { destination: options.logDestination } : {}) });
    const opened = await openStores(options.store ?? 'memory', dataDir);
    const stores = options.wrapStores ? options.wrapStores(opened.stores) : opened.stores;
    const confidentialClient: TestClient = { id: 'e2e-service', secret: '', audience: 'https://orders.example.test', scope: 'orders:read orders:write' };
    try {
      const server = await startServer(config, {
        logger,
        stores,
        ...(options.tesseraOverrides ? { tesseraOverrides: options.tesseraOverrides } : {}),
        beforeListen: async (tessera) => {
          const { secret } = await tessera.clients.register({
            id: confidentialClient.id,
            name: 'E2E service',
            type: 'confidential',
            grantTypes: ['client_credentials'],
            scopes: confidentialClient.scope.split(' '),
            audiences: [confidentialClient.audience, config.issuer],
            // A resource server of both audiences: the suites introspect first-party tokens (aud = issuer).
            introspect: true,
          });
          confidentialClient.secret = secret ?? '';
        },
      });
      return {
        baseUrl: server.url,
        tessera: server.tessera,
        config,
        confidentialClient,
        ...(opened.postgresSchema === undefined ? {} : { postgresSchema: opened.postgresSchema }),
        close: async () => {
          await server.close();
          await opened.dispose();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await opened.dispose();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 3) {
        await rm(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/** The stores, and how to remove what they left behind (a Postgres schema of its own). */
async function openStores(store: TestStore, dataDir: string): Promise<{ stores: Stores; dispose(): Promise<void>; postgresSchema?: string }> {
  switch (store) {
    case 'memory':
      return { stores: createMemoryStores(), dispose: async () => {} };
    case 'sqlite':
      return { stores: await createSqliteStores({ filename: join(dataDir, 'tessera.db') }), dispose: async () => {} };
    case 'postgres': {
      // Its own schema, so test files running in parallel never meet each other's rows.
      const schema = uniqueSchema('e2e');
      const stores = await createPostgresStores({ connectionString: testPostgresUrl, schema, poolSize: 4 });
      return { stores, dispose: () => dropSchema(schema), postgresSchema: schema };
    }
  }
}
