import type { Tessera } from '@tessera/core';

/** The example's three clients (what `tessera clients add` registers in examples/microservices/README.md). */
export interface ShopClients {
  /** Public client of the shop's front end: users log in with it; tokens for `orders` or `billing`. */
  web: { id: string };
  /** The orders service calling billing with a token of its own (client_credentials, audience billing). */
  ordersService: { id: string; secret: string };
  /** The billing service, authenticated for introspection (`maxStaleness: 0` routes). */
  billingService: { id: string; secret: string };
}

export const shopScopes = ['orders:read', 'orders:write', 'billing:read'];

export async function registerShopClients(tessera: Tessera): Promise<ShopClients> {
  await tessera.clients.register({
    id: 'shop-web',
    name: 'Shop web',
    type: 'public',
    grantTypes: ['password', 'refresh_token'],
    scopes: shopScopes,
    audiences: ['orders', 'billing'],
  });
  const orders = await tessera.clients.register({
    id: 'orders-service',
    name: 'Orders service',
    type: 'confidential',
    grantTypes: ['client_credentials'],
    scopes: ['billing:charge'],
    audiences: ['billing'],
  });
  const billing = await tessera.clients.register({
    id: 'billing-service',
    name: 'Billing service',
    type: 'confidential',
    grantTypes: ['client_credentials'],
    scopes: [],
    audiences: ['billing'],
    introspect: true,
  });
  return {
    web: { id: 'shop-web' },
    ordersService: { id: 'orders-service', secret: orders.secret ?? '' },
    billingService: { id: 'billing-service', secret: billing.secret ?? '' },
  };
}
