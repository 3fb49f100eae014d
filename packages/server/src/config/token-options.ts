import { z } from 'zod';
import { option } from './config-option.js';
import { booleanFlag, integerInRange, signingAlgorithm } from './config-value-schemas.js';

/** Access and refresh tokens, signing keys and revocation. Part of `configOptions`, in documentation order. */
export const tokenOptions = {
  jwtAlg: option({
    env: 'TESSERA_JWT_ALG',
    group: 'Tokens',
    doc:
      'Signature algorithm of access tokens. `ES256` verifies with every common JWT middleware; `Ed25519` (RFC 9864) is accepted as another name for `EdDSA`, which the keys and tokens then carry. ' +
      'Changing it creates a key of the new algorithm that signs at once; tokens signed under the old one stop verifying (verifiers pin the algorithm, RFC 8725 §3.1), so users sign in again.',
    default: 'ES256',
    schema: signingAlgorithm,
  }),
  accessTokenTtlSeconds: option({
    env: 'TESSERA_ACCESS_TOKEN_TTL',
    group: 'Tokens',
    doc: 'Seconds an access token lives. At most 900 unless `TESSERA_ALLOW_LONG_ACCESS_TOKENS=true`: a stolen JWT is usable until it expires (RFC 9700 §4.14).',
    default: '600',
    schema: integerInRange(30, 86_400),
  }),
  allowLongAccessTokens: option({
    env: 'TESSERA_ALLOW_LONG_ACCESS_TOKENS',
    group: 'Tokens',
    doc: 'The operator insists on access tokens longer than 15 minutes.',
    default: 'false',
    schema: booleanFlag,
  }),
  refreshTokenTtlSeconds: option({
    env: 'TESSERA_REFRESH_TOKEN_TTL',
    group: 'Tokens',
    doc: 'Absolute lifetime of a refresh-token family, seconds. Rotation does not extend it.',
    default: '2592000',
    schema: integerInRange(60, 31_536_000),
  }),
  refreshGraceSeconds: option({
    env: 'TESSERA_REFRESH_GRACE_SECONDS',
    group: 'Tokens',
    doc:
      'Window in which a just-rotated refresh token presented again counts as a concurrent race (two tabs, two ' +
      'instances) and gets the same successor; after it, a repeat is theft and kills the family.',
    default: '10',
    schema: integerInRange(0, 300),
  }),
  jwksMaxAgeSeconds: option({
    env: 'TESSERA_JWKS_MAX_AGE',
    group: 'Tokens',
    doc: '`Cache-Control: max-age` of the JWKS. A rotated key is published this long before it signs, so no verifier meets an unknown `kid`.',
    default: '300',
    schema: integerInRange(0, 86_400),
  }),
  keyRotationIntervalSeconds: option({
    env: 'TESSERA_KEY_ROTATION_INTERVAL_SECONDS',
    group: 'Tokens',
    doc:
      'Rotate the signing key automatically once the newest key is this many seconds old (staged like `tessera keys rotate`). ' +
      '`0` turns it off. With several instances one rotates; the others see the new key and wait. At least ' +
      '`TESSERA_JWKS_MAX_AGE` + `TESSERA_ACCESS_TOKEN_TTL`, so a staged key activates before the next rotation.',
    default: '0',
    schema: integerInRange(0, 31_536_000),
  }),
  revocationFailureMode: option({
    env: 'TESSERA_REVOCATION_FAILURE_MODE',
    group: 'Tokens',
    doc:
      'Each serving instance answers denylist lookups from a local mirror fed by the revocation events (with `REDIS_URL`: ' +
      'the Redis channel; without: the revocation bus and the SQL revocation log, read every 500 ms). When the ' +
      'mirror cannot be sure it has heard every revocation and the shared store cannot answer either: `closed` refuses Bearer requests ' +
      'with 503; `open` keeps answering from the mirror, which may miss revocations made during the outage (docs/scale-out.md).',
    default: 'closed',
    schema: z.enum(['closed', 'open'], { error: 'must be closed or open' }),
  }),
  denylistMirrorMaxEntries: option({
    env: 'TESSERA_DENYLIST_MIRROR_MAX_ENTRIES',
    group: 'Tokens',
    doc:
      'Most denylist entries an instance mirrors in memory (about 150 bytes each). Past it the soonest-expiring entries ' +
      'are dropped and lookups the mirror cannot answer for sure go to Redis (or SQL) again, until the denylist fits. `0` turns ' +
      'the mirror off: every Bearer request reads the denylist in Redis or SQL (one query), and a revoked token is refused ' +
      'by every instance strictly from the moment the revocation answers, instead of milliseconds later.',
    default: '100000',
    schema: integerInRange(0, 10_000_000),
  }),
} as const;
