import { createTessera, TokenInvalidError, type AccessTokenVerifier, type Clock, type CoreSettings, type KeyManager, type Stores, type Tessera, type TesseraOptions } from '@tessera/core';
import { createVerifier, isVerifyError } from '@tessera/verify';
import type { ServerConfig } from '../config/config-options.js';

/**
 * How many verified tokens the server keeps (whole token → claims). A Tessera access token is
 * about 0.5 to 1 KiB, so this bounds the cache to a few MiB.
 */
export const SERVER_VERIFIED_TOKEN_CACHE_ENTRIES = 10_000;

/**
 * How often the verifier re-reads `KeyManager.jwks()` in the background, ms. The read is in
 * memory (no network, no store query); the KeyManager itself reloads from the KeyStore on the key
 * timer (`registerKeyRotationSchedule`), so a key staged by another instance or `tessera keys
 * rotate` reaches the verifier within the timer's interval plus this.
 */
export const SERVER_KEY_REREAD_MS = 1000;

/**
 * Verifies this server's own access tokens (for `/api/me`, revocation, introspection) with
 * `@tessera/verify` over the local key set: signature (`node:crypto`, each key pinned to its own
 * algorithm), `typ: at+jwt`, `iss`, `exp`, `nbf`, `iat` and RFC 9068's required claims. Refusals
 * reject with core's `TokenInvalidError` (the `VerifyError` as `cause`).
 *
 * - Keys: `keys.jwks()`, re-read on every unknown `kid` (cooldown 0: reading costs no network, and
 *   it is what the plain-jose verifier did on every request) and every {@link SERVER_KEY_REREAD_MS},
 *   so a retired key leaves and a staged one arrives without a restart.
 * - Audience: not checked here (`audience: false`; `aud` must still be well-formed): introspection
 *   and revocation take tokens of every audience, and `TokenService.authenticateAccessToken`
 *   checks `aud` against the server's own resource audience, once.
 * - Revocation: not checked here either. `authenticateAccessToken` consults the denylist on every
 *   request after verification, so the verified-token cache cannot let a revoked token through.
 *   Cached entries die at `exp` (same clock tolerance as an uncached check) and when their key
 *   leaves the key set; the cache is bounded ({@link SERVER_VERIFIED_TOKEN_CACHE_ENTRIES}, LRU).
 */
export function createServerVerifier(keys: KeyManager, settings: CoreSettings, clock: Clock): AccessTokenVerifier {
  const verifier = createVerifier({
    issuer: settings.issuer,
    audience: false,
    keys: () => keys.jwks(),
    jwksCooldownMs: 0,
    jwksCacheMaxAgeMs: SERVER_KEY_REREAD_MS,
    clockToleranceSeconds: 5,
    cache: { maxEntries: SERVER_VERIFIED_TOKEN_CACHE_ENTRIES },
    clock,
  });
  return {
    async verify(token) {
      try {
        // Without `introspection` verify accepts JWTs only and types them as RFC 9068 claims, which
        // are core's `AccessTokenClaims` (kept identical by a type-level test in core).
        return await verifier.verify(token);
      } catch (error) {
        if (isVerifyError(error)) throw new TokenInvalidError('access token is not valid', { cause: error });
        throw error;
      }
    },
  };
}

/** The core settings a configuration implies. */
export function coreSettingsFrom(config: ServerConfig): TesseraOptions['settings'] {
  return {
    issuer: config.issuer,
    signingAlgorithm: config.jwtAlg,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
    refreshGraceSeconds: config.refreshGraceSeconds,
    sessionIdleTtlSeconds: config.sessionIdleTtlSeconds,
    sessionAbsoluteTtlSeconds: config.sessionAbsoluteTtlSeconds,
    jwksMaxAgeSeconds: config.jwksMaxAgeSeconds,
  };
}

/** `createTessera` from a configuration and its stores; `overrides` for tests (clock, cheaper hashing). */
export function composeTessera(config: ServerConfig, stores: Stores, overrides: Partial<TesseraOptions> = {}): Promise<Tessera> {
  return createTessera({
    stores,
    settings: coreSettingsFrom(config),
    passwordHashing: { memoryCostKiB: config.argon2MemoryKiB, timeCost: config.argon2TimeCost },
    createVerifier: createServerVerifier,
    ...overrides,
  });
}
