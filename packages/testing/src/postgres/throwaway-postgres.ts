import { readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports/free-port.js';
import { runCommand } from '../process/run-command.js';

/** The newest installed PostgreSQL's bin directory (Debian layout; or TESSERA_PG_BIN), or null. */
export function postgresBinDir(): string | null {
  if (process.env.TESSERA_PG_BIN) return process.env.TESSERA_PG_BIN;
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    return versions.length > 0 ? `/usr/lib/postgresql/${versions[0]}/bin` : null;
  } catch {
    return null;
  }
}

export interface ThrowawayPostgres {
  port: number;
  /** Admin URL (database `postgres`, user `postgres`, trust auth). */
  url: string;
  /** `pg_ctl stop -m immediate`: every backend dies at once, like a crash; recovery replays the WAL at the next start. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of the caller's own (initdb in a temp dir, a spare port, trust auth on
 * 127.0.0.1 and a socket in the same dir), so stopping it disturbs no other test. As root the
 * server runs as the `postgres` user (it refuses to run as root).
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (/usr/lib/postgresql/<version>/bin; or set TESSERA_PG_BIN)');
  const dir = await mkdtemp(join(tmpdir(), 'tessera-throwaway-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = await runCommand('id', ['-u', 'postgres']);
    const gid = await runCommand('id', ['-g', 'postgres']);
    await chown(dir, Number(uid.trim()), Number(gid.trim()));
  }
  const pg = (tool: string, args: string[]) => (asRoot ? runCommand('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : runCommand(join(bin, tool), args));
  const data = join(dir, 'data');
  const port = await freePort();
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const start = async () => {
    await pg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  };
  const stop = async () => {
    await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  };
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
