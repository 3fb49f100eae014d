import { createTessera, JoseAccessTokenVerifier, type AccessTokenVerifier, type Clock, type CoreSettings, type KeyManager, type Stores, type Tessera, type TesseraOptions } from '@tessera/core';
import type { ServerConfig } from '../config/config-options.js';

/**
 * Verifies this server's own access tokens (for `/api/me`, revocation, introspection). Plain jose
 * over the local key set for now; `@tessera/verify` replaces it here.
 */
export function createServerVerifier(keys: KeyManager, settings: CoreSettings, clock: Clock): AccessTokenVerifier {
  return new JoseAccessTokenVerifier(keys, settings, clock);
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
