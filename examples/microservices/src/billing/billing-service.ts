import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, type Verifier } from '@tessera/verify';
import type { ClientCredentials } from '../service-token.js';
import { createBillingApp } from './billing-app.js';

export interface BillingServiceOptions {
  issuer: string;
  port: number;
  host: string;
  /**
   * The billing service's own client (registered `--introspect`): authenticates the revocation
   * stream and the `maxStaleness: 0` routes' introspection.
   */
  client: ClientCredentials;
}

export interface RunningBillingService {
  url: string;
  verifier: Verifier;
  close(): Promise<void>;
}

/** Starts billing: its own verifier (audience `billing`, following the revocation stream), then Express. */
export async function startBillingService(options: BillingServiceOptions): Promise<RunningBillingService> {
  const verifier = createVerifier({
    issuer: options.issuer,
    audience: 'billing',
    revocations: 'subscribe',
    client: options.client,
    introspection: {},
  });
  const app = createBillingApp(verifier, { introspection: true });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    verifier,
    close: async () => {
      verifier.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
