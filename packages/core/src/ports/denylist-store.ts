import type { DenylistEntry } from '../model/records.js';

/**
 * Access tokens refused before their `exp`: by `jti` (one token) or by `sid` (every token of a
 * session or refresh family). Entries expire with the tokens they cover.
 */
export interface DenylistStore {
  add(entry: DenylistEntry): Promise<void>;
  /**
   * True when either the token's `jti` or its `sid` is listed and not expired at `now`.
   * One round trip: this sits on the request path of every Bearer request.
   */
  isDenied(jti: string, sid: string | undefined, now: number): Promise<boolean>;
  /** Every unexpired entry; lets an instance warm its local mirror at start. */
  listActive(now: number): Promise<DenylistEntry[]>;
}
