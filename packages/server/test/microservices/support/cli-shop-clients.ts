import type { ThrowawayTesseraServer } from '@tessera/testing';

/** Registers the example's clients with `tessera clients add`, as the example's README does. */
export async function addShopClients(server: ThrowawayTesseraServer): Promise<{ ordersService: { id: string; secret: string } }> {
  await server.cli(['clients', 'add', '--id', 'shop-web', '--name', 'Shop web', '--type', 'public', '--grant', 'password,refresh_token', '--scope', 'orders:read orders:write billing:read', '--audience', 'orders,billing']);
  const orders = JSON.parse(
    // --introspect: a resource server, allowed to subscribe to the revocation stream.
    await server.cli(['clients', 'add', '--id', 'orders-service', '--name', 'Orders service', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'billing:charge', '--audience', 'billing', '--introspect']),
  ) as { client_id: string; client_secret: string };
  return { ordersService: { id: orders.client_id, secret: orders.client_secret } };
}
