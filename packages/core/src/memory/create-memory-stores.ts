import type { Stores } from '../ports/stores.js';
import { MemoryRevocationBus } from './memory-revocation-bus.js';
import {
  MemoryAuditLog,
  MemoryClientStore,
  MemoryDenylistStore,
  MemoryKeyStore,
  MemoryRefreshTokenStore,
  MemoryRevocationLog,
  MemorySessionStore,
  MemoryUserStore,
} from './memory-stores.js';

/** Every store in memory: unit tests, demos, and the lab's in-memory baseline. Nothing survives a restart. */
export function createMemoryStores(): Stores {
  return {
    users: new MemoryUserStore(),
    sessions: new MemorySessionStore(),
    refreshTokens: new MemoryRefreshTokenStore(),
    denylist: new MemoryDenylistStore(),
    revocationLog: new MemoryRevocationLog(),
    revocationBus: new MemoryRevocationBus(),
    clients: new MemoryClientStore(),
    keys: new MemoryKeyStore(),
    audit: new MemoryAuditLog(),
    close: async () => {},
  };
}
