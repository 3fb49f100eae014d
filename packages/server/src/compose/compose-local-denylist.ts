import type { Stores } from '@tessera/core';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/config-options.js';
import { DenylistMirror } from '../scale-out/denylist-mirror.js';
import { RevocationLogFeed } from '../scale-out/revocation-log-feed.js';

/**
 * How often an instance without Redis reads the revocation log for revocations other processes
 * made, ms: the longest a `tessera users disable` beside a running server (or a revocation on
 * another PostgreSQL instance whose NOTIFY was lost) takes to reach this instance's denylist.
 */
export const revocationLogPollMs = 500;

type LocalDenylistConfig = Pick<ServerConfig, 'denylistMirrorMaxEntries' | 'revocationFailureMode'>;

/**
 * The SQL stores with the access-token denylist answered from memory: the `DenylistMirror` of the
 * Redis deployments, fed here by the revocation bus and the durable revocation log
 * (`RevocationLogFeed`). A Bearer request then costs no SQL query; a revocation on this instance
 * is in the mirror before it answers. Off with `TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0`.
 */
export async function mirrorSqlDenylist(sql: Stores, config: LocalDenylistConfig, logger?: Logger): Promise<Stores> {
  if (config.denylistMirrorMaxEntries === 0) return sql;
  const feed = new RevocationLogFeed(sql.revocationLog, sql.revocationBus, { pollIntervalMs: revocationLogPollMs });
  const mirror = new DenylistMirror(sql.denylist, feed, {
    failureMode: config.revocationFailureMode,
    maxEntries: config.denylistMirrorMaxEntries,
    ...(logger ? { logger } : {}),
  });
  let closing: Promise<void> | null = null;
  const stores: Stores = {
    ...sql,
    denylist: mirror,
    close: () =>
      (closing ??= (async () => {
        await mirror.close();
        await sql.close();
      })()),
  };
  try {
    await mirror.start();
  } catch (error) {
    await stores.close();
    throw error;
  }
  return stores;
}
