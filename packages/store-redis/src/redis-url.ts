/** One Redis node named by `REDIS_URL`. */
export interface RedisEndpoint {
  /** As the client takes it: always `redis://…` or `rediss://…` (a bare `host:port` gains `redis://`). */
  url: string;
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
  /** The URL's path (`/2` selects database 2); empty when absent. */
  path: string;
}

/** A cluster node may be written without a scheme, as Redis itself prints them. */
const bareHostAndPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/**
 * The one reading of `REDIS_URL`: a `redis://` or `rediss://` URL (optional credentials and
 * `/db`), or a comma list of cluster nodes, each a URL or a bare `host:port`. Empty entries are
 * ignored. Throws `TypeError` whose message names the expected shape, never the text: the URL may
 * carry a password.
 */
export function parseRedisUrl(value: string): RedisEndpoint[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new TypeError('REDIS_URL is empty');
  return entries.map(parseEndpoint);
}

function parseEndpoint(entry: string): RedisEndpoint {
  const text = bareHostAndPort.test(entry) ? `redis://${entry}` : entry;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError('REDIS_URL must be redis://host:port or a comma list of them');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new TypeError('REDIS_URL must use the redis: or rediss: scheme');
  }
  return {
    url: text,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:',
    path: url.pathname === '/' ? '' : url.pathname,
  };
}
