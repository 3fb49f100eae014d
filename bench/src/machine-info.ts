import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './process/paths.js';
import type { MachineInfo } from './report/lab-result.js';

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    kernel: release(),
    loadAverageAtStart: loadavg(),
    loadAverageAtEnd: [],
  };
}

/** Installed versions of what the lab measures and compares against (printed in every report). */
export const measuredPackages = [
  'autocannon',
  'fastify',
  'jose',
  'fast-jwt',
  'express',
  'express-session',
  'connect-redis',
  'redis',
  'ioredis',
  'pg',
  'better-sqlite3',
  '@node-rs/argon2',
  'typescript',
];

function versionOf(name: string): string | undefined {
  for (const base of [join(repoRoot, 'node_modules'), join(repoRoot, 'bench/node_modules'), join(repoRoot, 'packages/store-sql/node_modules'), join(repoRoot, 'packages/core/node_modules')]) {
    const file = join(base, name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
  }
  return undefined;
}

export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = { node: process.versions.node, v8: process.versions.v8, openssl: process.versions.openssl };
  for (const name of measuredPackages) versions[name] = versionOf(name) ?? 'not installed';
  for (const workspace of ['core', 'server', 'verify', 'store-sql', 'store-redis']) {
    const file = join(repoRoot, 'packages', workspace, 'package.json');
    if (existsSync(file)) versions[`@tessera/${workspace}`] = (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '?';
  }
  return versions;
}

export function serviceVersions(redisInfo: string | null, postgresVersion: string | null): Record<string, string> {
  return { ...(redisInfo ? { 'redis-server': redisInfo } : {}), ...(postgresVersion ? { postgresql: postgresVersion } : {}) };
}
