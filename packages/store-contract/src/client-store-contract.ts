import type { ClientStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { sampleClient, uniqueId } from './sample-records.js';

/** The `ClientStore` port: OAuth clients, unique by id. */
export function clientStoreContract(backend: string, h: Harness<ClientStore>): void {
  describe(`ClientStore contract (${backend})`, () => {
    const store = useHarness(h);

    it('stores confidential and public clients and finds them by id', async () => {
      const confidential = sampleClient();
      const publicClient = sampleClient({ type: 'public', secretHash: null, grantTypes: ['password', 'refresh_token'], scopes: [], audiences: ['https://api.example.test'] });
      await store().create(confidential);
      await store().create(publicClient);
      expect(await store().findById(confidential.id)).toEqual(confidential);
      expect(await store().findById(publicClient.id)).toEqual(publicClient);
    });

    it('keeps the introspection permissions', async () => {
      const resourceServer = sampleClient({ introspect: true });
      const sessionReader = sampleClient({ introspect: true, introspectSessions: true });
      await store().create(resourceServer);
      await store().create(sessionReader);
      expect(await store().findById(resourceServer.id)).toMatchObject({ introspect: true, introspectSessions: false });
      expect(await store().findById(sessionReader.id)).toMatchObject({ introspect: true, introspectSessions: true });
    });

    it('answers null for an unknown id', async () => {
      expect(await store().findById(uniqueId('client'))).toBeNull();
    });

    it('refuses a taken id with ClientExistsError and keeps the original', async () => {
      const original = sampleClient();
      await store().create(original);
      await expect(store().create(sampleClient({ id: original.id, name: 'Impostor' }))).rejects.toMatchObject({ code: 'client_exists' });
      expect(await store().findById(original.id)).toEqual(original);
    });

    it('lets exactly one of many concurrent creations of one id win', async () => {
      const id = uniqueId('client');
      const clients = Array.from({ length: 5 }, (_, i) => sampleClient({ id, name: `racer ${i}` }));
      const results = await Promise.allSettled(clients.map((c) => store().create(c)));
      const won = clients.filter((_, i) => results[i]!.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'client_exists' });
      expect(await store().findById(id)).toEqual(won[0]);
    });

    it('lists every client', async () => {
      const created = [sampleClient(), sampleClient({ type: 'public', secretHash: null })];
      for (const c of created) await store().create(c);
      const listed = await store().list();
      for (const c of created) expect(listed).toContainEqual(c);
    });

    it('removes a client; removing again or an unknown id answers false', async () => {
      const client = sampleClient();
      const kept = sampleClient();
      await store().create(client);
      await store().create(kept);
      expect(await store().remove(client.id)).toBe(true);
      expect(await store().findById(client.id)).toBeNull();
      expect(await store().remove(client.id)).toBe(false);
      expect(await store().remove(uniqueId('client'))).toBe(false);
      expect(await store().findById(kept.id)).toEqual(kept);
      expect((await store().list()).map((c) => c.id)).not.toContain(client.id);
    });
  });
}
