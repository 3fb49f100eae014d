import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisClient, KeySpace } from '../src/index.js';

// No server needed: lazyConnect keeps the clients from connecting.
const lazy = { redisOptions: { lazyConnect: true }, clusterOptions: { lazyConnect: true } };

describe('createRedisClient', () => {
  it('makes a single-node client for one URL, with the fail-fast options', () => {
    const client = createRedisClient('redis://127.0.0.1:6390/2', lazy);
    try {
      expect(client).toBeInstanceOf(Redis);
      const { options } = client as Redis;
      expect(options).toMatchObject({ host: '127.0.0.1', port: 6390, db: 2, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      expect(options.connectTimeout).toBeLessThanOrEqual(1_000);
    } finally {
      client.disconnect();
    }
  });

  it('makes a Cluster client for a comma list, credentials and TLS from the URLs', () => {
    const client = createRedisClient(' redis://:s3cret@10.0.0.1:7000, redis://10.0.0.2:7001 ,rediss://10.0.0.3:7002', lazy);
    try {
      expect(client).toBeInstanceOf(Cluster);
      const cluster = client as Cluster;
      // startupNodes is private in ioredis's types, public at runtime.
      expect((cluster as unknown as { startupNodes: unknown }).startupNodes).toEqual([
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '10.0.0.3', port: 7002 },
      ]);
      expect(cluster.options.enableOfflineQueue).toBe(false);
      expect(cluster.options.redisOptions).toMatchObject({ password: 's3cret', enableOfflineQueue: false, maxRetriesPerRequest: 1, tls: {} });
    } finally {
      client.disconnect();
    }
  });

  it('can force Cluster mode for a single configuration endpoint', () => {
    const client = createRedisClient('redis://cluster.example.test:6379', { ...lazy, cluster: true });
    try {
      expect(client).toBeInstanceOf(Cluster);
    } finally {
      client.disconnect();
    }
  });

  it('rejects other schemes and empty input without echoing the URL (it may hold a password)', () => {
    expect(() => createRedisClient('http://user:hunter2@example.test')).toThrow(TypeError);
    expect(() => createRedisClient('http://user:hunter2@example.test')).not.toThrow(/hunter2/);
    expect(() => createRedisClient('not a url hunter2,redis://a:1')).not.toThrow(/hunter2/);
    expect(() => createRedisClient(' , ')).toThrow(TypeError);
  });
});

describe('KeySpace', () => {
  it('refuses a prefix with a hash tag', () => {
    expect(() => new KeySpace('app{x}:')).toThrow(TypeError);
  });

  it('escapes glob characters of the prefix in the SCAN pattern and parses denylist keys back', () => {
    const keys = new KeySpace('a*b?[c]\\:');
    expect(keys.deniedPattern()).toBe('a\\*b\\?\\[c\\]\\\\:deny:*');
    expect(keys.parseDenied(keys.denied('sid', 'x:y'))).toEqual({ kind: 'sid', value: 'x:y' });
    expect(keys.parseDenied(keys.denied('jti', ''))).toEqual({ kind: 'jti', value: '' });
    expect(keys.parseDenied('a*b?[c]\\:deny:xyz:1')).toBeNull();
    expect(keys.parseDenied('other:deny:jti:1')).toBeNull();
  });
});
