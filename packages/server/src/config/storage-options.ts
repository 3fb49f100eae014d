import { z } from 'zod';
import { option } from './config-option.js';
import { postgresUrl, redisUrls } from './config-value-schemas.js';

/** Where users, sessions, keys and revocations are kept. Part of `configOptions`, in documentation order. */
export const storageOptions = {
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
} as const;
