import type { SigningKeyRecord, Tessera } from '@tessera/core';
import type { FastifyInstance } from 'fastify';

export interface KeyRotationScheduleOptions {
  /** Rotate once the newest key is this old, seconds; 0: never (keys are still reloaded). */
  intervalSeconds: number;
  /** How often keys are reloaded and the age checked, ms (jittered ±20 %). */
  checkIntervalMs: number;
  /** For the jitter. Default `Math.random`. */
  random?: () => number;
}

type Logger = Pick<FastifyInstance['log'], 'info' | 'warn'>;

/**
 * The server's key timer. On every tick it reloads the key set, so keys staged elsewhere (another
 * instance, `tessera keys rotate`) reach this instance's JWKS well within the JWKS cache lifetime
 * they were staged for; and, with `TESSERA_KEY_ROTATION_INTERVAL_SECONDS`, it stages a new key once
 * the newest one is older than the interval.
 *
 * N instances do not make N keys: each decides from the newest key's `createdAt` after the reload
 * (so an instance that sees another's fresh key waits), and rotates only if that key is still the
 * newest (`rotate({ ifNewestGeneration })`); two instances deciding at the same moment race for the
 * same generation, which the KeyStore's uniqueness settles (one insert wins, the other adopts it).
 */
export class KeyRotationSchedule {
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<unknown> | undefined;
  #stopped = false;

  constructor(
    private readonly tessera: Pick<Tessera, 'keys' | 'stores' | 'clock'>,
    private readonly options: KeyRotationScheduleOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#tick;
  }

  /** One check: reload, then rotate if due. Resolves with the key it staged, or null. */
  async tick(): Promise<SigningKeyRecord | null> {
    await this.tessera.keys.reload();
    if (this.options.intervalSeconds <= 0) return null;
    const newest = (await this.tessera.stores.keys.listSigningKeys()).at(-1);
    if (newest === undefined || this.tessera.clock.now() - newest.createdAt < this.options.intervalSeconds * 1000) return null;
    const staged = await this.tessera.keys.rotate({ ifNewestGeneration: newest.generation });
    if (staged.generation === newest.generation + 1 && staged.createdAt > newest.createdAt) {
      this.logger.info({ kid: staged.kid, activatesAt: new Date(staged.activatesAt).toISOString() }, 'signing key rotated on schedule');
      return staged;
    }
    return null;
  }

  #schedule(): void {
    if (this.#stopped) return;
    const jitter = 0.8 + 0.4 * (this.options.random ?? Math.random)();
    this.#timer = setTimeout(() => {
      this.#tick = this.tick()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'key reload or scheduled rotation failed; retrying'))
        .finally(() => this.#schedule());
    }, this.options.checkIntervalMs * jitter);
    this.#timer.unref();
  }
}

/**
 * Runs the key timer with the app (from `onReady` to `preClose`). The check interval is a quarter
 * of the JWKS cache lifetime (1 to 30 s), so a key staged by another instance is published here
 * long before it signs.
 */
export function registerKeyRotationSchedule(app: FastifyInstance, context: { tessera: Tessera; config: { keyRotationIntervalSeconds: number } }): KeyRotationSchedule {
  const checkIntervalMs = Math.min(30_000, Math.max(1000, (context.tessera.settings.jwksMaxAgeSeconds * 1000) / 4));
  const schedule = new KeyRotationSchedule(context.tessera, { intervalSeconds: context.config.keyRotationIntervalSeconds, checkIntervalMs }, app.log);
  app.addHook('onReady', async () => schedule.start());
  app.addHook('preClose', () => schedule.stop());
  return schedule;
}
