import { z } from 'zod';
import { option } from './config-option.js';
import { integerInRange, origins, trustProxy, webOrigin } from './config-value-schemas.js';

/** Where and how the server listens. Part of `configOptions`, in documentation order. */
export const listeningOptions = {
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
} as const;
