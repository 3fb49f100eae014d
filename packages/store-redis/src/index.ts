export {
  createRedisClient,
  failFastClusterOptions,
  failFastRedisOptions,
  type RedisClient,
  type RedisClientOptions,
} from './create-redis-client.js';
export { createRedisStores, type RedisStores, type RedisStoresOptions } from './create-redis-stores.js';
export { KeySpace } from './key-space.js';
export { parseRedisUrl, type RedisEndpoint } from './redis-url.js';
export { defaultRedisTimeoutMs, RedisGuard } from './redis-guard.js';
export { RedisSessionStore } from './redis-session-store.js';
export { RedisDenylistStore } from './redis-denylist-store.js';
export { RedisRevocationBus } from './redis-revocation-bus.js';
export { RedisRevocationFeed, type RedisRevocationFeedOptions } from './redis-revocation-feed.js';
