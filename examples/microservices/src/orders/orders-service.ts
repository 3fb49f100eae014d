import type { AddressInfo } from 'node:net';
import { createVerifier, type Verifier } from '@tessera/verify';
import { ServiceToken, type ClientCredentials } from '../service-token.js';
import { BillingClient } from './billing-client.js';
import { createOrdersApp } from './orders-app.js';

export interface OrdersServiceOptions {
  issuer: string;
  port: number;
  host: string;
  billingUrl: string;
  /** The orders service's own confidential client (registered `--introspect`): client_credentials for billing, and the revocation stream. */
  client: ClientCredentials;
}

export interface RunningOrdersService {
  url: string;
  verifier: Verifier;
  close(): Promise<void>;
}

/** Starts orders: its own verifier (audience `orders`, following the revocation stream), then Fastify. */
export async function startOrdersService(options: OrdersServiceOptions): Promise<RunningOrdersService> {
  const verifier = createVerifier({ issuer: options.issuer, audience: 'orders', revocations: 'subscribe', client: options.client });
  const token = new ServiceToken({ issuer: options.issuer, client: options.client, audience: 'billing', scope: 'billing:charge' });
  const app = await createOrdersApp(verifier, new BillingClient(options.billingUrl, token));
  await app.listen({ port: options.port, host: options.host });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    verifier,
    close: async () => {
      verifier.close();
      await app.close();
    },
  };
}
