import type { DenylistEntry, RevocationEvent, RevocationSubject } from '../model/records.js';
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
    return this.#deny({ kind: 'sid', value: sid, expiresAt: this.#latestTokenExpiry() }, { kind, sid, userId });
  }

  /**
   * `revokeSid` for a session or family the caller's store may already have marked dead at
   * `revokedAt` (a second revocation, a replayed spent token): then nothing is emitted, no log row
   * and no push (audit finding 7a), unless an earlier attempt failed before the denylist had it
   * while tokens it covers may still be live. null when nothing was emitted.
   */
  async revokeSidOnce(kind: 'session' | 'refresh_family', sid: string, userId: string, revokedAt: number | undefined): Promise<RevocationEvent | null> {
    if (revokedAt !== undefined) {
      const now = this.clock.now();
      if (revokedAt + this.settings.accessTokenTtlSeconds * 1000 <= now) return null; // every token it covered has expired
      // No `jti` to ask about: the empty one is never listed.
      if (await this.denylist.isDenied('', sid, now)) return null;
    }
    return this.revokeSid(kind, sid, userId);
  }

  /** One access token, until its own `exp` (epoch ms). */
  async revokeAccessToken(jti: string, userId: string, expiresAt: number): Promise<RevocationEvent> {
    return this.#deny({ kind: 'jti', value: jti, expiresAt }, { kind: 'token', jti, userId });
  }

  /** `revokeAccessToken` unless the `jti` is already denylisted: then nothing is emitted (audit finding 7a); null. */
  async revokeAccessTokenOnce(jti: string, userId: string, expiresAt: number): Promise<RevocationEvent | null> {
    if (await this.denylist.isDenied(jti, undefined, this.clock.now())) return null;
    return this.revokeAccessToken(jti, userId, expiresAt);
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

  /**
   * Denylist, log, denylist again. The first write makes a store outage fail the revocation before
   * anything is logged. The second closes a race with a denylist that lost its data and is being
   * re-seeded from the log: a re-seed that read the log before this append began after the first
   * write was lost, so the second write lands in the re-seeded store (idempotent: it only extends).
   */
  async #deny(entry: DenylistEntry, subject: RevocationSubject): Promise<RevocationEvent> {
    await this.denylist.add(entry);
    const event = await this.log.append({ at: this.clock.now(), subject, expiresAt: entry.expiresAt });
    await this.denylist.add(entry);
    await this.bus.publish(event);
    return event;
  }

  async #record(subject: RevocationSubject, expiresAt: number): Promise<RevocationEvent> {
    const event = await this.log.append({ at: this.clock.now(), subject, expiresAt });
    await this.bus.publish(event);
    return event;
  }
}
