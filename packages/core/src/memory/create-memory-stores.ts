import type { Stores } from '../ports/stores.js';
import { MemoryRevocationBus } from './memory-revocation-bus.js';
import { MemoryAuditLog } from './memory-audit-log.js';
import { MemoryAuthorizationCodeStore } from './memory-authorization-code-store.js';
import { MemoryClientStore } from './memory-client-store.js';
import { MemoryConsentStore } from './memory-consent-store.js';
import { MemoryDenylistStore } from './memory-denylist-store.js';
import { MemoryKeyStore } from './memory-key-store.js';
import { MemoryRefreshTokenStore } from './memory-refresh-token-store.js';
import { MemoryRevocationLog } from './memory-revocation-log.js';
import { MemorySessionStore } from './memory-session-store.js';
import { MemoryUserStore } from './memory-user-store.js';
import { MemoryPasskeyStore } from './memory-passkey-store.js';
import { MemorySecondFactorStore } from './memory-second-factor-store.js';

/** Every store in memory: unit tests, demos, and the lab's in-memory baseline. Nothing survives a restart. */
export function createMemoryStores(): Stores {
  const audit = new MemoryAuditLog();
  return {
    users: new MemoryUserStore(audit),
    sessions: new MemorySessionStore(),
    refreshTokens: new MemoryRefreshTokenStore(),
    denylist: new MemoryDenylistStore(),
    revocationLog: new MemoryRevocationLog(),
    revocationBus: new MemoryRevocationBus(),
    clients: new MemoryClientStore(),
    keys: new MemoryKeyStore(),
    authorizationCodes: new MemoryAuthorizationCodeStore(),
    consents: new MemoryConsentStore(),
    audit,
    secondFactors: new MemorySecondFactorStore(audit),
    passkeys: new MemoryPasskeyStore(audit),
    close: async () => {},
  };
}
