import type { RevocationEvent } from '../model/records.js';

/**
 * The durable, ordered log of revocation events behind the pushed-revocation stream.
 * Readers resume from the last id they saw, so the log must survive a server restart.
 */
export interface RevocationLog {
  /** Appends and returns the event with its assigned id (ids increase in append order). */
  append(event: Omit<RevocationEvent, 'id'>): Promise<RevocationEvent>;
  /** Events after `afterId` (all when undefined), oldest first, at most `limit`. Ids it has never issued read as "before everything". */
  listAfter(afterId: string | undefined, limit: number): Promise<RevocationEvent[]>;
  /** Drops events whose `expiresAt` is before `now`. */
  purgeExpired(now: number): Promise<number>;
}
