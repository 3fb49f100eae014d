import type { Tessera } from '@tessera/core';
import type { FastifyInstance } from 'fastify';

/** Hourly is plenty: every read checks expiry itself, so the purge only bounds disk use. */
export const purgeIntervalMs = 60 * 60 * 1000;

/**
 * Runs `stores.purgeExpired` on a timer (first run a minute after start, so N instances starting
 * together do not all purge at once; a purge is idempotent, so overlapping ones are harmless).
 * A failed purge is logged and retried at the next tick; it never affects requests.
 */
export function registerExpiredRecordsPurge(app: FastifyInstance, tessera: Pick<Tessera, 'stores' | 'clock'>, intervalMs = purgeIntervalMs): void {
  const { stores, clock } = tessera;
  if (!stores.purgeExpired) return;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = async () => {
    try {
      const report = await stores.purgeExpired?.(clock.now());
      app.log.info({ purged: report }, 'expired records purged');
    } catch (error) {
      app.log.warn({ err: error }, 'purging expired records failed; retrying at the next tick');
    }
  };
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      running = run().finally(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  };
  app.addHook('onReady', async () => schedule(Math.min(60_000, intervalMs)));
  app.addHook('onClose', async () => {
    clearTimeout(timer);
    await running;
  });
}
