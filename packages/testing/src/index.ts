/**
 * Tessera's private testing toolkit: for tests, the lab (bench) and scripts only. No production
 * package depends on it (packages/testing/test/import-boundary.test.ts proves it).
 */
export { repositoryRoot } from './repository-root.js';
export { freePort, freePortWithBusPort, portIsFree } from './ports/free-port.js';
export { waitUntil, WaitTimeoutError, type WaitOptions } from './timing/wait-until.js';
export { killOnExit } from './process/exit-registry.js';
export { CommandFailedError, runCommand, type RunCommandOptions } from './process/run-command.js';
export {
  killAllSupervisedSync,
  ProcessNotReadyError,
  stopAllSupervised,
  SupervisedProcess,
  superviseProcess,
  type ExitStatus,
  type SuperviseOptions,
} from './process/supervised-process.js';
export { canConnect } from './probes/tcp-probe.js';
export { answersOk } from './probes/http-probe.js';
export { redisAnswersPing, redisInline } from './probes/redis-inline.js';
export { isServiceRequired, serviceAvailable, testPostgresUrl, testRedisUrl, toolAvailable, type ServiceName } from './services/required-services.js';
export { redisCliBinary, redisServerBinary, redisServerInstalled } from './redis/redis-binaries.js';
export { spawnRedisServer } from './redis/redis-server-process.js';
export { startThrowawayRedis, type ThrowawayRedis, type ThrowawayRedisOptions } from './redis/throwaway-redis.js';
export { startRedisCluster, type RedisClusterHandle, type RedisClusterOptions } from './redis/redis-cluster.js';
export { deleteKeysUnder, deleteRedisKeys, listKeysUnder, type AnyRedisClient } from './redis/redis-keys.js';
export { createDatabase, databaseUrlFor, defaultDatabaseUrl, dropDatabase, withPostgres } from './postgres/postgres-admin.js';
export { adminQuery, dropSchema, uniqueSchema } from './postgres/throwaway-schema.js';
export { postgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from './postgres/throwaway-postgres.js';
export { tesseraNodeArguments, type TesseraEntry } from './tessera/tessera-entry.js';
export { TesseraServerProcess, type TesseraServerOptions } from './tessera/tessera-server-process.js';
export { ThrowawayTesseraServer, type ThrowawayTesseraOptions } from './tessera/throwaway-tessera-server.js';
export { findHaproxy } from './cluster/haproxy-binary.js';
export { balancerHeaderLimitBytes, haproxyConfig, problemResponses, type HaproxyConfigOptions } from './cluster/haproxy-config.js';
export { defaultRedisUrl, instanceHeader, startCluster } from './cluster/start-cluster.js';
export type { BalancerStates, Cluster, ClusterInstance, ClusterOptions } from './cluster/cluster-types.js';
