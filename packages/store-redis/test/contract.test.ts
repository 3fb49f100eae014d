import type { Harness } from '@tessera/store-contract';
import { denylistStoreContract, revocationBusContract, sessionStoreContract } from '@tessera/store-contract';
import type { DenylistStore, SessionStore } from '@tessera/core';
import { describe } from 'vitest';
import { createRedisStores, type RedisStores } from '../src/index.js';
import { backends, deleteKeys, openStores, useRedisBackend } from './support/backends.js';

// The one conformance suite every store passes, on the shared single Redis and on a local
// 3-master cluster started for this file. Each contract gets its own random key prefix; its
// keys are deleted afterwards.
for (const backend of backends) {
  describe.runIf(backend.enabled)(`Redis (${backend.kind})`, () => {
    const redis = useRedisBackend(backend.kind);
    const label = backend.kind === 'single' ? 'redis' : 'redis cluster';

    /** A harness for one store of a fresh `createRedisStores`, disposed with its keys after the contract. */
    function storeHarness<T>(pick: (stores: RedisStores) => T): Harness<T> {
      let stores: ReturnType<typeof openStores> | undefined;
      return {
        create: async () => {
          stores = openStores(redis.url());
          return pick(stores);
        },
        close: async () => {
          await stores?.dispose();
        },
      };
    }

    sessionStoreContract(label, storeHarness<SessionStore>((s) => s.sessions));
    denylistStoreContract(label, storeHarness<DenylistStore>((s) => s.denylist));

    // Two instances: separate clients (so separate subscriber connections) on one prefix.
    let instances: RedisStores[] = [];
    revocationBusContract(label, {
      create: async () => {
        const first = openStores(redis.url());
        const second = createRedisStores({ url: redis.url(), prefix: first.prefix });
        instances = [first, second];
        return { a: first.revocationBus, b: second.revocationBus };
      },
      close: async () => {
        const [first] = instances;
        if (first) await deleteKeys(first.client, first.prefix);
        await Promise.all(instances.map((i) => i.close()));
      },
    });
  });
}
