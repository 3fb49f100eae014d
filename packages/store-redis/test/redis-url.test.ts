import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../src/index.js';

describe('parseRedisUrl', () => {
  it('reads one URL with credentials, TLS and a database', () => {
    expect(parseRedisUrl('rediss://app:p%40ss@cache.example.test:6380/2')).toEqual([
      { url: 'rediss://app:p%40ss@cache.example.test:6380/2', host: 'cache.example.test', port: 6380, username: 'app', password: 'p@ss', tls: true, path: '/2' },
    ]);
  });

  it('reads a comma list of cluster nodes, URLs or bare host:port, with defaults and no empty entries', () => {
    const nodes = parseRedisUrl(' redis-a:7000, redis://[::1]:7001 ,,redis://10.0.0.3');
    expect(nodes.map(({ url, host, port, tls, path }) => ({ url, host, port, tls, path }))).toEqual([
      { url: 'redis://redis-a:7000', host: 'redis-a', port: 7000, tls: false, path: '' },
      { url: 'redis://[::1]:7001', host: '::1', port: 7001, tls: false, path: '' },
      { url: 'redis://10.0.0.3', host: '10.0.0.3', port: 6379, tls: false, path: '' },
    ]);
  });

  it('refuses other schemes, garbage and emptiness without repeating the value', () => {
    for (const value of ['http://user:hunter2@example.test', 'not a url hunter2', 'localhost', ' , ']) {
      expect(() => parseRedisUrl(value)).toThrow(TypeError);
      expect(() => parseRedisUrl(value)).not.toThrow(/hunter2/);
    }
  });
});
