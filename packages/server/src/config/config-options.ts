import { z } from 'zod';
import {
  booleanFlag,
  byteSize,
  integerInRange,
  logLevel,
  nodeEnvironment,
  origins,
  postgresUrl,
  redisUrls,
  signingAlgorithm,
  trustProxy,
  webOrigin,
} from './config-value-schemas.js';

/**
 * One option: where it comes from, what it means, its default. The environment is the source
 * (CONTRACT.md "Configuration"); docs/configuration.md is generated from this table
 * (`tessera config docs`), and a test fails when the two differ.
 */
export interface ConfigOption<S extends z.ZodType = z.ZodType> {
  /** Environment variable. */
  env: string;
  /** Heading in the generated docs. */
  group: ConfigGroup;
  /** One or two sentences for operators. Markdown. */
  doc: string;
  /** Default in environment form (what you would write after `=`), parsed by `schema` like any value. */
  default?: string;
  /** How the default is shown when it is derived from other options. */
  defaultDoc?: string;
  /** Parses the (trimmed, non-empty) value or `undefined`. Error messages read after the variable name. */
  schema: S;
  /** Never echoed in errors or `tessera config check` (may carry a password). */
  secret?: boolean;
}

export type ConfigGroup = 'Listening' | 'Storage' | 'Tokens' | 'Sessions' | 'Abuse protection' | 'Operations';

function option<S extends z.ZodType>(spec: ConfigOption<S>): ConfigOption<S> {
  return spec;
}

/** Every option Tessera's server reads, in documentation order. */
export const configOptions = {
  port: option({
    env: 'PORT',
    group: 'Listening',
    doc: 'TCP port to listen on.',
    default: '8080',
    schema: integerInRange(0, 65_535),
  }),
  host: option({
    env: 'HOST',
    group: 'Listening',
    doc: 'Address to listen on. Keep the loopback default behind a load balancer on the same host; `0.0.0.0` listens everywhere.',
    default: '127.0.0.1',
    schema: z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address'),
  }),
  issuer: option({
    env: 'TESSERA_ISSUER',
    group: 'Listening',
    doc:
      'The `iss` of every token and the base of every metadata URL (RFC 8414 §2). Set it to the public URL ' +
      'clients use (e.g. `https://auth.example.com`) when a load balancer terminates TLS in front of the server.',
    defaultDoc: '`http://$HOST:$PORT` (`localhost` for `0.0.0.0`)',
    schema: webOrigin.optional(),
  }),
  trustProxy: option({
    env: 'TESSERA_TRUST_PROXY',
    group: 'Listening',
    doc:
      'Whether `X-Forwarded-For`/`-Proto`/`-Host` are believed: `false`, `true` (any hop: only when every request ' +
      'passes a proxy you run), a hop count, or a comma list of proxy addresses/CIDRs. Client IPs feed the login ' +
      'throttle and the session list, so a wrong value lets clients choose their IP. Forwarded headers from a peer this ' +
      'does not trust are ignored, logged once and shown in `/readyz` (docs/scale-out.md).',
    default: 'false',
    schema: trustProxy,
  }),
  allowedOrigins: option({
    env: 'TESSERA_ALLOWED_ORIGINS',
    group: 'Listening',
    doc:
      'Comma list of extra web origins (`https://app.example.com`) allowed to send unsafe requests. The ' +
      "request's own origin and the issuer's are always allowed; every other `Origin`/`Referer` is refused with 403.",
    default: '',
    schema: origins,
  }),
  dataDir: option({
    env: 'TESSERA_DATA_DIR',
    group: 'Storage',
    doc: 'Directory of the embedded SQLite database (`tessera.db`), which also holds the signing keys. Created (mode 0700) when missing.',
    default: './.tessera',
    schema: z.string().min(1),
  }),
  databaseUrl: option({
    env: 'DATABASE_URL',
    group: 'Storage',
    doc: '`postgres://…`: users, sessions, refresh tokens, clients, keys and audit events live in PostgreSQL instead of SQLite.',
    defaultDoc: 'unset: SQLite',
    schema: postgresUrl.optional(),
    secret: true,
  }),
  redisUrl: option({
    env: 'REDIS_URL',
    group: 'Storage',
    doc: '`redis://…` (or a comma list of cluster nodes): sessions, the access-token denylist, rate limits and revocation events live in Redis.',
    defaultDoc: 'unset',
    schema: redisUrls.optional(),
    secret: true,
  }),
  redisPrefix: option({
    env: 'TESSERA_REDIS_PREFIX',
    group: 'Storage',
    doc:
      'Prefix of every Redis key and channel Tessera uses (sessions, denylist, rate-limit counters, revocation events), ' +
      'so several deployments can share one Redis. Letters, digits and `:_.-` only (no `{}`: a hash tag would pin every key to one cluster slot).',
    default: 'tessera:',
    schema: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1 to 64 letters, digits or :_.- (no braces)'),
  }),
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
      'With `REDIS_URL`, each instance answers denylist lookups from a local mirror fed by the revocation events. When the ' +
      'mirror cannot be sure it has heard every revocation and Redis cannot answer either: `closed` refuses Bearer requests ' +
      'with 503; `open` keeps answering from the mirror, which may miss revocations made during the outage (docs/scale-out.md).',
    default: 'closed',
    schema: z.enum(['closed', 'open'], { error: 'must be closed or open' }),
  }),
  denylistMirrorMaxEntries: option({
    env: 'TESSERA_DENYLIST_MIRROR_MAX_ENTRIES',
    group: 'Tokens',
    doc:
      'Most denylist entries an instance mirrors in memory (about 150 bytes each). Past it the soonest-expiring entries ' +
      'are dropped and lookups the mirror cannot answer for sure go to Redis again, until the denylist fits. `0` turns ' +
      'the mirror off: every Bearer request reads the denylist in Redis (one round trip), and a revoked token is refused ' +
      'by every instance strictly from the moment the revocation answers, instead of milliseconds later.',
    default: '100000',
    schema: integerInRange(0, 10_000_000),
  }),
  sessionIdleTtlSeconds: option({
    env: 'TESSERA_SESSION_IDLE_TTL',
    group: 'Sessions',
    doc: 'A session unused this many seconds ends (ASVS 5.0 V7.3.1). Use slides it forward, writing at most once a minute.',
    default: '1800',
    schema: integerInRange(60, 31_536_000),
  }),
  sessionAbsoluteTtlSeconds: option({
    env: 'TESSERA_SESSION_ABSOLUTE_TTL',
    group: 'Sessions',
    doc: 'A session ends this many seconds after login, used or not (ASVS 5.0 V7.3.2). Also the cookie\'s `Max-Age`.',
    default: '43200',
    schema: integerInRange(60, 31_536_000),
  }),
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
  logLevel: option({
    env: 'LOG_LEVEL',
    group: 'Operations',
    doc: 'pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. Passwords, tokens, cookies, `Authorization` headers and session ids are redacted at every level.',
    default: 'info',
    schema: logLevel,
  }),
  nodeEnv: option({
    env: 'NODE_ENV',
    group: 'Operations',
    doc: '`production` turns insecure-looking settings (an `http://` issuer off loopback) into loud warnings. Cookies are `Secure` in every mode.',
    default: 'development',
    schema: nodeEnvironment,
  }),
  instanceName: option({
    env: 'TESSERA_INSTANCE_NAME',
    group: 'Operations',
    doc:
      'When set, every response carries `X-Tessera-Instance: <name>`, so you (and the cluster tests) can see which instance ' +
      'behind a load balancer answered. Letters, digits and `._-`. Unset: no header.',
    defaultDoc: 'unset: no header',
    schema: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits or ._-').optional(),
  }),
  metricsPort: option({
    env: 'TESSERA_METRICS_PORT',
    group: 'Operations',
    doc:
      'Serves `GET /metrics` (Prometheus text) on a listener of its own at this port, and not on the main one. ' +
      'Unset: `/metrics` is on the main listener but answers only scrapers on this host that connect directly ' +
      '(loopback, no forwarding headers); everyone else, and everything through a proxy, gets 404.',
    defaultDoc: 'unset: loopback-only `/metrics` on the main listener',
    schema: integerInRange(0, 65_535).optional(),
  }),
  metricsHost: option({
    env: 'TESSERA_METRICS_HOST',
    group: 'Operations',
    doc: 'Address of the metrics listener (`TESSERA_METRICS_PORT`). Keep it on loopback or a private network your scraper reaches.',
    default: '127.0.0.1',
    schema: z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address'),
  }),
  shutdownDelaySeconds: option({
    env: 'TESSERA_SHUTDOWN_DELAY',
    group: 'Operations',
    doc: 'On SIGTERM, seconds `/readyz` answers 503 before the listener closes, so a load balancer stops sending traffic first.',
    default: '0',
    schema: integerInRange(0, 300),
  }),
  shutdownTimeoutSeconds: option({
    env: 'TESSERA_SHUTDOWN_TIMEOUT',
    group: 'Operations',
    doc: 'Seconds in-flight requests get to finish after the listener closes; then the process exits anyway.',
    default: '10',
    schema: integerInRange(1, 600),
  }),
} as const;

export type ConfigOptions = typeof configOptions;
export type ConfigKey = keyof ConfigOptions;

type Parsed = { [K in ConfigKey]: z.output<ConfigOptions[K]['schema']> };

/** The server's resolved configuration: every option parsed, derived defaults filled in. */
export type ServerConfig = Omit<Parsed, 'issuer'> & {
  /** Never ends in `/`. */
  issuer: string;
};
