import { createMemoryStores, createTessera, type Stores, type Tessera } from '@tessera/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { handleOAuthError } from '../../src/oauth/oauth-error-handler.js';
import { ServerMetrics } from '../../src/observability/metrics.js';
import type { RevocationStreamHub } from '../../src/revocation-stream/revocation-stream-hub.js';
import type { RevocationStreamSettings } from '../../src/revocation-stream/revocation-stream-settings.js';
import { registerRevocationStreamRoute, revocationStreamPath } from '../../src/routes/revocation-stream.js';
import { freePort } from '@tessera/testing';

export interface StreamTestApp {
  app: FastifyInstance;
  tessera: Tessera;
  stores: Stores;
  hub: RevocationStreamHub;
  metrics: ServerMetrics;
  /** A confidential client registered with `introspect`: the stream's subscriber. */
  credentials: { id: string; secret: string };
  /** `http://127.0.0.1:port`, also the issuer. */
  url: string;
  streamUrl: string;
  close(): Promise<void>;
}

/**
 * Only the revocation stream route on a real socket, over a core on memory stores, so a test can
 * choose the hub's limits (tiny queues, fast heartbeats). The full server is tested elsewhere.
 */
export async function startStreamTestApp(settings: Partial<RevocationStreamSettings> = {}, stores: Stores = createMemoryStores()): Promise<StreamTestApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const tessera = await createTessera({ stores, settings: { issuer: url }, passwordHashing: { memoryCostKiB: 1024, timeCost: 1 } });
  const app = Fastify({ logger: false, forceCloseConnections: 'idle' });
  app.setErrorHandler(handleOAuthError);
  const metrics = new ServerMetrics({ processMetrics: false });
  const hub = registerRevocationStreamRoute(app, { tessera, metrics }, settings);
  const { secret } = await tessera.clients.register({
    id: 'stream-test-api',
    name: 'Stream test API',
    type: 'confidential',
    grantTypes: ['client_credentials'],
    scopes: [],
    audiences: ['stream-test-api'],
    introspect: true,
  });
  await app.listen({ host: '127.0.0.1', port });
  return {
    app,
    tessera,
    stores,
    hub,
    metrics,
    credentials: { id: 'stream-test-api', secret: secret ?? '' },
    url,
    streamUrl: `${url}${revocationStreamPath}`,
    close: async () => {
      await app.close();
      await tessera.close();
    },
  };
}
