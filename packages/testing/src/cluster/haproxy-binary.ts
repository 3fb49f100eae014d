import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** HAProxy's binary: TESSERA_HAPROXY, else /usr/sbin/haproxy, else `haproxy` on PATH; null when there is none. */
export function findHaproxy(): string | null {
  const candidates = [process.env.TESSERA_HAPROXY, '/usr/sbin/haproxy', '/usr/local/sbin/haproxy'].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found : null;
}
