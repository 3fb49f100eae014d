import { randomBytes, randomInt } from 'node:crypto';
import type {
  AuditEventRecord,
  AuthorizationCodeRecord,
  ClientRecord,
  ConsentRecord,
  RefreshFamilyRecord,
  RefreshTokenRecord,
  RevocationEvent,
  SessionRecord,
  SigningKeyRecord,
  UserRecord,
} from '@tessera/core';

// Records for the contract tests. Every id is random, so tests never collide with each other or
// with anything else in a shared store. Times are near the real clock and in the future, so stores
// that drop records by TTL (Redis) keep them for the length of a test; tests that need "expired"
// pass a `now` beyond the record's expiry instead of storing a past time.

export const minuteMs = 60_000;
export const hourMs = 60 * minuteMs;

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString('base64url')}`;
}

/** A base64url SHA-256-sized value, as the core stores for tokens. */
export function uniqueHash(): string {
  return randomBytes(32).toString('base64url');
}

/** A key generation no other test uses (fits a 32-bit integer column). */
export function uniqueGeneration(): number {
  return randomInt(1_000_000, 2_000_000_000);
}

export function sampleUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const now = Date.now();
  const id = uniqueId('user');
  return {
    id,
    email: `${id.toLowerCase()}@example.test`,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA',
    createdAt: now,
    updatedAt: now,
    passwordChangedAt: now,
    disabledAt: null,
    ...overrides,
  };
}

export function sampleSession(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id: uniqueId('session'),
    tokenHash: uniqueHash(),
    userId,
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: now + 30 * minuteMs,
    absoluteExpiresAt: now + 12 * hourMs,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Contract/1.0',
    ip: '203.0.113.7',
    data: {},
    ...overrides,
  };
}

export function sampleFamily(userId: string, overrides: Partial<RefreshFamilyRecord> = {}): RefreshFamilyRecord {
  const now = Date.now();
  return {
    id: uniqueId('family'),
    userId,
    clientId: 'tessera',
    scope: 'openid profile',
    audience: 'https://api.example.test',
    sessionId: null,
    createdAt: now,
    expiresAt: now + 30 * 24 * hourMs,
    revokedAt: null,
    ...overrides,
  };
}

/** A token of `family` at `generation`, living as long as the family (as the core issues them). */
export function sampleRefreshToken(
  family: RefreshFamilyRecord,
  generation: number,
  overrides: Partial<RefreshTokenRecord> = {},
): RefreshTokenRecord {
  return {
    tokenHash: uniqueHash(),
    familyId: family.id,
    generation,
    createdAt: Date.now(),
    expiresAt: family.expiresAt,
    usedAt: null,
    ...overrides,
  };
}

export function sampleClient(overrides: Partial<ClientRecord> = {}): ClientRecord {
  return {
    id: uniqueId('client'),
    name: 'Orders service',
    type: 'confidential',
    secretHash: uniqueHash(),
    grantTypes: ['client_credentials', 'refresh_token'],
    scopes: ['orders:read', 'orders:write'],
    audiences: ['https://orders.example.test', 'https://billing.example.test'],
    introspect: false,
    introspectSessions: false,
    redirectUris: [],
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    firstParty: false,
    idTokenSignedResponseAlg: null,
    createdAt: Date.now(),
    ...overrides,
  };
}

/** An unspent code living the 60 s OAuth 2.1 §4.1.2 recommends at most. */
export function sampleAuthorizationCode(overrides: Partial<AuthorizationCodeRecord> = {}): AuthorizationCodeRecord {
  const now = Date.now();
  return {
    codeHash: uniqueHash(),
    clientId: uniqueId('client'),
    userId: uniqueId('user'),
    redirectUri: 'https://app.example.test/callback',
    scope: 'openid email offline_access',
    audience: 'https://api.example.test',
    codeChallenge: randomBytes(32).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    sessionId: uniqueId('session'),
    authTime: now - 5_000,
    amr: ['pwd'],
    createdAt: now,
    expiresAt: now + minuteMs,
    consumedAt: null,
    familyId: null,
    ...overrides,
  };
}

export function sampleConsent(overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  const now = Date.now();
  return {
    userId: uniqueId('user'),
    clientId: uniqueId('client'),
    scopes: ['openid', 'email'],
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export function sampleSigningKey(generation: number, overrides: Partial<SigningKeyRecord> = {}): SigningKeyRecord {
  const kid = uniqueId('kid');
  const x = randomBytes(32).toString('base64url');
  const now = Date.now();
  return {
    kid,
    alg: 'EdDSA',
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' },
    privateJwk: { kty: 'OKP', crv: 'Ed25519', x, d: randomBytes(32).toString('base64url'), kid, alg: 'EdDSA' },
    generation,
    createdAt: now,
    activatesAt: now,
    retiresAt: null,
    ...overrides,
  };
}

export function sampleRevocation(
  subject: RevocationEvent['subject'],
  overrides: Partial<Omit<RevocationEvent, 'id'>> = {},
): Omit<RevocationEvent, 'id'> {
  const now = Date.now();
  return { at: now, subject, expiresAt: now + 10 * minuteMs, ...overrides };
}

export function sampleAuditEvent(userId: string | null, overrides: Partial<AuditEventRecord> = {}): AuditEventRecord {
  return { at: Date.now(), type: 'login.succeeded', userId, ip: '198.51.100.4', detail: { method: 'password' }, ...overrides };
}
