/**
 * `@tessera/verify`: verify Tessera access tokens in any Node service.
 *
 * @example
 * ```ts
 * import { createVerifier } from '@tessera/verify';
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'orders' });
 * const claims = await verifier.verify(token);
 * ```
 *
 * Adapters: `@tessera/verify/express`, `/fastify`, `/hono`, `/node`.
 * @packageDocumentation
 */
export { createVerifier, revocationStreamUrl, type Verifier } from './create-verifier.js';
export type { VerifierOptions, VerifyOptions, MaxStaleness, IntrospectionOptions, RevocationStreamOptions, StreamHeaders, ClientCredentials } from './verifier-options.js';
export type { Claims, AccessTokenClaims } from './claims.js';
export { VerifyError, VERIFY_ERROR_CODES, isVerifyError, type VerifyErrorCode } from './verify-error.js';
export type { VerifierMetrics, DelaySummary } from './verifier-metrics.js';
export type { RevocationSource } from './revocation/revocation-source.js';
export type { RevocationEntry, RevocationKind } from './revocation/revocation-set.js';
export { SESSION_REVOKED_EVENT, HEARTBEAT_EVENT, SECURITY_EVENT_TOKEN_TYPE } from './revocation/verify-security-event-token.js';
export { MAX_TOKEN_LENGTH } from './jws/compact-jws.js';
export { SUPPORTED_ALGORITHMS, type Algorithm } from './jws/algorithms.js';
export type { Clock } from './clock.js';
export type { FetchLike } from './http/fetch-json.js';
