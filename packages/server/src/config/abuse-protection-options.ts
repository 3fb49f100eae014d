import { option } from './config-option.js';
import { byteSize, integerInRange } from './config-value-schemas.js';

/** Limits on request sizes, login, sign-up and revocation attempts, and password hashing cost. Part of `configOptions`, in documentation order. */
export const abuseProtectionOptions = {
  bodyLimitBytes: option({
    env: 'TESSERA_BODY_LIMIT',
    group: 'Abuse protection',
    doc: 'Largest request body, bytes (JSON and form). Larger bodies get 413 without being read into memory.',
    default: '65536',
    schema: byteSize(1024, 1_048_576),
  }),
  loginFailuresPerAccountAndIp: option({
    env: 'TESSERA_LOGIN_FAILURES_PER_ACCOUNT_IP',
    group: 'Abuse protection',
    doc: 'Consecutive failed logins for one account from one IP before further tries get 429 for the rest of the window. A success resets it.',
    default: '5',
    schema: integerInRange(1, 10_000),
  }),
  loginFailuresPerAccount: option({
    env: 'TESSERA_LOGIN_FAILURES_PER_ACCOUNT',
    group: 'Abuse protection',
    doc: 'Failed logins for one account from all IPs together per window (NIST SP 800-63B §5.2.2 caps consecutive failures at 100). A success resets it.',
    default: '100',
    schema: integerInRange(1, 100_000),
  }),
  loginFailuresPerIp: option({
    env: 'TESSERA_LOGIN_FAILURES_PER_IP',
    group: 'Abuse protection',
    doc: 'Failed logins from one IP, any account, per window (credential stuffing). Not reset by a success, so a valid account of the attacker cannot clear it.',
    default: '100',
    schema: integerInRange(1, 1_000_000),
  }),
  loginThrottleWindowSeconds: option({
    env: 'TESSERA_LOGIN_THROTTLE_WINDOW',
    group: 'Abuse protection',
    doc: 'Window of the login counters, seconds; a blocked key is blocked until its window ends (`Retry-After`).',
    default: '900',
    schema: integerInRange(1, 86_400),
  }),
  // Sign-up runs Argon2 and creates a row, so it is charged before hashing like login. 10 an hour
  // covers a household or an office behind one NAT address and a few typos; a script making accounts
  // from one address stalls at once. The global cap bounds a distributed flood (CPU, spam accounts)
  // while leaving room for a launch-day peak of a small deployment; raise both for a large one.
  signupsPerIpPerHour: option({
    env: 'TESSERA_SIGNUPS_PER_IP_PER_HOUR',
    group: 'Abuse protection',
    doc: 'Sign-up attempts (`POST /auth/signup` and the `/signup` form together) from one IP per hour; more get 429 with `Retry-After`, before any password is hashed.',
    default: '10',
    schema: integerInRange(1, 1_000_000),
  }),
  signupsPerHour: option({
    env: 'TESSERA_SIGNUPS_PER_HOUR',
    group: 'Abuse protection',
    doc: 'Sign-up attempts from all IPs together per hour (shared by every instance with `REDIS_URL`): a cap on a distributed sign-up flood.',
    default: '1000',
    schema: integerInRange(1, 100_000_000),
  }),
  // Revocation is cheap but authenticates confidential clients (a secret hash) and writes the
  // denylist; the caps only stop floods. The per-client budget of a public client (the first-party
  // one) is shared by all its users, so it is generous: exhausting it delays logouts' revocations.
  revokesPerClientPerMinute: option({
    env: 'TESSERA_REVOKES_PER_CLIENT_PER_MINUTE',
    group: 'Abuse protection',
    doc: '`POST /oauth/revoke` requests per client per minute; more get 429 with `Retry-After` (RFC 6749-style JSON error).',
    default: '1200',
    schema: integerInRange(1, 100_000_000),
  }),
  revokesPerIpPerMinute: option({
    env: 'TESSERA_REVOKES_PER_IP_PER_MINUTE',
    group: 'Abuse protection',
    doc: '`POST /oauth/revoke` requests from one IP per minute, counted before the client is authenticated.',
    default: '300',
    schema: integerInRange(1, 100_000_000),
  }),
  argon2MemoryKiB: option({
    env: 'TESSERA_ARGON2_MEMORY_KIB',
    group: 'Abuse protection',
    doc: 'Argon2id memory cost in KiB (OWASP Password Storage Cheat Sheet: 19456 with t=2). Lower values are for benchmarks only and log a warning.',
    default: '19456',
    schema: integerInRange(1024, 4_194_304),
  }),
  argon2TimeCost: option({
    env: 'TESSERA_ARGON2_TIME_COST',
    group: 'Abuse protection',
    doc: 'Argon2id iterations.',
    default: '2',
    schema: integerInRange(1, 100),
  }),
  revocationStreamsPerClient: option({
    env: 'TESSERA_REVOCATION_STREAMS_PER_CLIENT',
    group: 'Abuse protection',
    doc: 'Revocation streams (`GET /oauth/revocations/stream`) one `--introspect` client may hold open per instance; more get 429.',
    default: '8',
    schema: integerInRange(1, 1000),
  }),
} as const;
