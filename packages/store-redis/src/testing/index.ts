/**
 * Test support, for this package's tests and for any other package's: a throwaway single
 * redis-server and a local 3-master Redis Cluster, both from Debian's binaries on spare ports.
 * Not for production code.
 */
export { startRedisCluster, type RedisClusterHandle, type RedisClusterOptions } from './redis-cluster.js';
export { startThrowawayRedis, type ThrowawayRedis } from './redis-server.js';
export { redisCliBinary, redisServerBinary, redisServerInstalled } from './redis-process.js';
