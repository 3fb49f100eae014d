// The harness lives in src/testing so other packages can import it as `@tessera/store-redis/testing`.
export { startRedisCluster, type RedisClusterHandle, type RedisClusterOptions } from '../../src/testing/redis-cluster.js';
export { startThrowawayRedis, type ThrowawayRedis } from '../../src/testing/redis-server.js';
export { redisServerInstalled } from '../../src/testing/redis-process.js';
