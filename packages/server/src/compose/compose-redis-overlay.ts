import type { DenylistStore, RevocationBus, Stores } from '@tessera/core';
import { createRedisStores, parseRedisUrl, type RedisStores } from '@tessera/store-redis';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/config-options.js';
import { DenylistMirror } from '../scale-out/denylist-mirror.js';
import { EchoConfirmedRevocationBus } from '../scale-out/echo-confirmed-revocation-bus.js';
import { LogSeededDenylist } from '../scale-out/log-seeded-denylist.js';
import { ScaleOutMetrics } from '../scale-out/scale-out-metrics.js';
import type { ComposedStores } from './compose-stores.js';

type OverlayConfig = Pick<ServerConfig, 'redisPrefix' | 'denylistMirrorMaxEntries' | 'revocationFailureMode'>;

/** How long a revocation waits for its own event to come back through the channel, ms. */
const echoWaitMs = 1000;

/**
 * Puts sessions, the denylist and revocation events of `sql` in Redis (`redisUrl`), keeping the
 * rest in SQL. Redis may lose the denylist (restart without persistence, FLUSHDB): the SQL
 * revocation log is the source of truth, and Redis is re-seeded from it before it answers a lookup
 * (audit finding 15).
 */
export async function overlayRedis(sql: Stores, redisUrl: string, config: OverlayConfig, logger?: Logger): Promise<ComposedStores> {
  const redis = createRedisStores({ url: redisUrl, prefix: config.redisPrefix });
  logger?.info({ prefix: redis.prefix, cluster: parseRedisUrl(redisUrl).length > 1 }, 'stores: sessions, denylist, rate limits and revocation events in Redis (REDIS_URL)');
  const metrics = new ScaleOutMetrics();
  const seeded = new LogSeededDenylist(redis.denylist, sql.revocationLog, logger ? { logger } : {});
  const { denylist, revocationBus, mirror } = readThroughMirror(redis, seeded, config, metrics, logger);
  let closing: Promise<void> | null = null;
  const stores: Stores = {
    users: sql.users,
    refreshTokens: sql.refreshTokens,
    revocationLog: sql.revocationLog,
    clients: sql.clients,
    keys: sql.keys,
    audit: sql.audit,
    // Codes stay in SQL next to the refresh families a redemption creates: replay detection
    // (RFC 6749 §4.1.2) needs the spent marker, which a Redis without persistence may lose.
    authorizationCodes: sql.authorizationCodes,
    consents: sql.consents,
    // Factors are durable account data, next to the users.
    secondFactors: sql.secondFactors,
    passkeys: sql.passkeys,
    sessions: redis.sessions,
    denylist,
    revocationBus,
    close: () => {
      closing ??= (async () => {
        await mirror?.close();
        await Promise.allSettled([redis.close(), sql.close()]);
      })();
      return closing;
    },
  };
  // The SQL purge still matters: refresh families and the revocation log live there.
  if (sql.purgeExpired) stores.purgeExpired = (now) => sql.purgeExpired!(now);
  try {
    // Seed now rather than on the first Bearer request; if it cannot (Redis or SQL down), lookups
    // answer 503 and seed as soon as both are back.
    await seeded.ensureSeeded().catch((error: unknown) => logger?.warn({ err: error }, 'denylist: not seeded from the revocation log yet'));
    await mirror?.start();
  } catch (error) {
    await stores.close();
    throw error;
  }
  return { stores, redis: { client: redis.client, prefix: redis.prefix, mirror, metrics } };
}

interface DenylistPath {
  denylist: DenylistStore;
  revocationBus: RevocationBus;
  mirror: DenylistMirror | null;
}

/** The per-instance mirror in front of the seeded denylist, fed by a gap-detecting feed; none with `TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0`. */
function readThroughMirror(redis: RedisStores, seeded: LogSeededDenylist, config: OverlayConfig, metrics: ScaleOutMetrics, logger?: Logger): DenylistPath {
  if (config.denylistMirrorMaxEntries === 0) {
    logger?.info('denylist mirror off (TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0): every denylist lookup reads Redis');
    return { denylist: seeded, revocationBus: redis.revocationBus, mirror: null };
  }
  const feed = redis.createRevocationFeed();
  const mirror = new DenylistMirror(seeded, feed, {
    failureMode: config.revocationFailureMode,
    maxEntries: config.denylistMirrorMaxEntries,
    metrics,
    ...(logger ? { logger } : {}),
  });
  return { denylist: mirror, revocationBus: new EchoConfirmedRevocationBus(redis.revocationBus, feed, echoWaitMs, metrics), mirror };
}
