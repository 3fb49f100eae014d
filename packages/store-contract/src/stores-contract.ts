import type { Stores } from '@tessera/core';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLogContract } from './audit-log-contract.js';
import { auditedUserChangesContract } from './audited-user-changes-contract.js';
import { authorizationCodeStoreContract } from './authorization-code-store-contract.js';
import { clientStoreContract } from './client-store-contract.js';
import { consentStoreContract } from './consent-store-contract.js';
import { denylistStoreContract } from './denylist-store-contract.js';
import type { Harness } from './harness.js';
import { keyStoreContract } from './key-store-contract.js';
import { refreshTokenStoreContract } from './refresh-token-store-contract.js';
import { revocationBusContract } from './revocation-bus-contract.js';
import { revocationLogContract } from './revocation-log-contract.js';
import { sessionStoreContract } from './session-store-contract.js';
import { userStoreContract } from './user-store-contract.js';
import { passkeyStoreContract } from './passkey-store-contract.js';
import { secondFactorStoreContract } from './second-factor-store-contract.js';

/**
 * Every port contract on one `Stores`, created once (lazily) and closed after the last test with
 * `h.close`, or `stores.close()` when the harness has none. The bus contract gets the one bus as
 * both `a` and `b`; a backend that spans processes should also run `revocationBusContract` with
 * two separate `Stores`.
 *
 * @example
 * storesContract('memory', { create: async () => createMemoryStores() });
 */
export function storesContract(backend: string, h: Harness<Stores>): void {
  describe(`Stores contract (${backend})`, () => {
    let shared: Promise<Stores> | undefined;
    const stores = (): Promise<Stores> => (shared ??= h.create());
    const port = <T>(pick: (s: Stores) => T): Harness<T> => ({ create: async () => pick(await stores()) });

    afterAll(async () => {
      if (!shared) return;
      const value = await shared;
      await (h.close ? h.close(value) : value.close());
    });

    userStoreContract(backend, port((s) => s.users));
    sessionStoreContract(backend, port((s) => s.sessions));
    refreshTokenStoreContract(backend, port((s) => s.refreshTokens));
    denylistStoreContract(backend, port((s) => s.denylist));
    revocationLogContract(backend, port((s) => s.revocationLog));
    revocationBusContract(backend, port((s) => ({ a: s.revocationBus, b: s.revocationBus })));
    clientStoreContract(backend, port((s) => s.clients));
    keyStoreContract(backend, port((s) => s.keys));
    authorizationCodeStoreContract(backend, port((s) => s.authorizationCodes));
    consentStoreContract(backend, port((s) => s.consents));
    auditLogContract(backend, port((s) => s.audit));
    auditedUserChangesContract(backend, port((s) => ({ users: s.users, audit: s.audit })));
    secondFactorStoreContract(backend, port((s) => ({ secondFactors: s.secondFactors, audit: s.audit })));
    passkeyStoreContract(backend, port((s) => s.passkeys));

    describe(`Stores lifecycle (${backend})`, () => {
      it('close() is idempotent', async () => {
        const own = await h.create();
        await own.close();
        await expect(own.close()).resolves.toBeUndefined();
        if (h.close) await h.close(own);
      });
    });
  });
}
