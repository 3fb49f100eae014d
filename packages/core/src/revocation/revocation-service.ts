import type { RevocationEvent, RevocationSubject } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { DenylistStore } from '../ports/denylist-store.js';
import type { RevocationBus } from '../ports/revocation-bus.js';
import type { RevocationLog } from '../ports/revocation-log.js';
import type { CoreSettings } from '../settings/core-settings.js';

/**
 * One place where revocations happen, so every kind takes the same three steps:
 * 1. the denylist refuses the access tokens it covers (until they would have expired anyway);
 * 2. the durable log records the event (verifiers resume the stream from it);
 * 3. the bus tells every instance at once (local caches drop the session or family).
 */
export class RevocationService {
  constructor(
    private readonly denylist: DenylistStore,
    private readonly log: RevocationLog,
    private readonly bus: RevocationBus,
    private readonly settings: Pick<CoreSettings, 'accessTokenTtlSeconds'>,
    private readonly clock: Clock,
  ) {}

  /** A session or refresh family is dead: so is every access token carrying its `sid`. */
  async revokeSid(kind: 'session' | 'refresh_family', sid: string, userId: string): Promise<RevocationEvent> {
    const expiresAt = this.#latestTokenExpiry();
    await this.denylist.add({ kind: 'sid', value: sid, expiresAt });
    return this.#record({ kind, sid, userId }, expiresAt);
  }

  /** One access token, until its own `exp` (epoch ms). */
  async revokeAccessToken(jti: string, userId: string, expiresAt: number): Promise<RevocationEvent> {
    await this.denylist.add({ kind: 'jti', value: jti, expiresAt });
    return this.#record({ kind: 'token', jti, userId }, expiresAt);
  }

  /** Every credential of a user (after the caller has revoked the sessions and families themselves). */
  async revokeUser(userId: string): Promise<RevocationEvent> {
    return this.#record({ kind: 'user', userId }, this.#latestTokenExpiry());
  }

  async isAccessTokenDenied(jti: string, sid: string | undefined): Promise<boolean> {
    return this.denylist.isDenied(jti, sid, this.clock.now());
  }

  subscribe(handler: (event: RevocationEvent) => void): Promise<() => Promise<void>> {
    return this.bus.subscribe(handler);
  }

  #latestTokenExpiry(): number {
    return this.clock.now() + this.settings.accessTokenTtlSeconds * 1000;
  }

  async #record(subject: RevocationSubject, expiresAt: number): Promise<RevocationEvent> {
    const event = await this.log.append({ at: this.clock.now(), subject, expiresAt });
    await this.bus.publish(event);
    return event;
  }
}
