import { z } from 'zod';
import { option } from './config-option.js';
import { booleanFlag, integerInRange, logLevel, nodeEnvironment } from './config-value-schemas.js';

/** Logging, metrics, instance naming and shutdown. Part of `configOptions`, in documentation order. */
export const operationsOptions = {
  logLevel: option({
    env: 'LOG_LEVEL',
    group: 'Operations',
    doc: 'pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. Passwords, tokens, cookies, `Authorization` headers and session ids are redacted at every level.',
    default: 'info',
    schema: logLevel,
  }),
  accessLog: option({
    env: 'TESSERA_ACCESS_LOG',
    group: 'Operations',
    doc:
      '`true`: a line per request at `info` when it arrives and when it is answered (method, route, path without its query, ' +
      'status, time). Default: no per-request lines at `info` (they cost more CPU than a cached token check); at ' +
      '`LOG_LEVEL=debug` one `request completed` line per request. Logins, sign-ups, refused dependencies and errors are ' +
      'logged either way.',
    default: 'false',
    schema: booleanFlag,
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
