import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { deriveSecret } from '../crypto/derive-secret.js';
import { generateOpaqueToken, hashOpaqueToken } from '../crypto/opaque-token.js';
import { InvalidGrantError, NotFoundError, RefreshTokenReuseError } from '../errors/tessera-error.js';
import type { RefreshFamilyRecord, RefreshTokenRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { LiveRefreshFamily, RefreshTokenStore } from '../ports/refresh-token-store.js';
import type { RevocationService } from '../revocation/revocation-service.js';
import type { CoreSettings } from '../settings/core-settings.js';

export interface RefreshGrantResult {
  /** The successor refresh token (the same one for every repeat inside the grace window). */
  token: string;
  family: RefreshFamilyRecord;
}

/** Refresh tokens are 256-bit random values (RFC 9700 §4.14 wants them unguessable). */
const refreshTokenBytes = 32;

/**
 * Rotating refresh tokens with reuse detection (RFC 9700 §4.14.2).
 *
 * Every use spends the token and yields a successor. The successor is derived from its parent
 * with a server-side HMAC key, never stored in plaintext: so when two tabs or two instances
 * present the same token at the same moment, the loser of the atomic rotation recomputes and
 * receives the winner's successor instead of forking or killing the family. Outside the grace
 * window, a spent token presented again is treated as stolen: the whole family dies, and so do
 * its live access tokens (denylist by `sid`).
 */
export class RefreshTokenService {
  constructor(
    private readonly store: RefreshTokenStore,
    private readonly revocation: RevocationService,
    private readonly settings: Pick<CoreSettings, 'refreshTokenTtlSeconds' | 'refreshGraceSeconds'>,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly successorKey: Uint8Array,
  ) {}

  /** `familyId`: an id the caller drew (with `generateOpaqueToken`, 16 bytes) and recorded first; default a fresh one. */
  async startFamily(input: { userId: string; clientId: string; scope: string; audience: string; familyId?: string; sessionId?: string }): Promise<RefreshGrantResult> {
    const now = this.clock.now();
    const token = generateOpaqueToken(this.random, refreshTokenBytes);
    const family: RefreshFamilyRecord = {
      id: input.familyId ?? generateOpaqueToken(this.random, 16),
      userId: input.userId,
      clientId: input.clientId,
      scope: input.scope,
      audience: input.audience,
      sessionId: input.sessionId ?? null,
      createdAt: now,
      expiresAt: now + this.settings.refreshTokenTtlSeconds * 1000,
      revokedAt: null,
    };
    await this.store.createFamily(family, this.#record(token, family, 0, now));
    return { token, family };
  }

  /** Spends `token` and returns its successor. Throws `InvalidGrantError` (RFC 6749 §5.2) otherwise, `RefreshTokenReuseError` for a reuse. */
  async rotate(token: string): Promise<RefreshGrantResult> {
    if (!token || token.length > 512) throw new InvalidGrantError('refresh token is not valid');
    const parentHash = hashOpaqueToken(token);
    const found = await this.store.findToken(parentHash);
    if (!found) throw new InvalidGrantError('refresh token is not valid');
    const now = this.clock.now();
    const successor = this.#successorOf(token);
    const record = this.#record(successor, found.family, found.token.generation + 1, now);
    const result = await this.store.rotate(parentHash, record, now);
    switch (result.outcome) {
      case 'rotated':
        return { token: successor, family: result.family };
      case 'already_used': {
        const { family, parent, successor: stored } = result;
        const withinGrace = parent.usedAt !== null && now - parent.usedAt <= this.settings.refreshGraceSeconds * 1000;
        const successorUnspent = stored !== null && stored.usedAt === null && constantTimeEqual(stored.tokenHash, record.tokenHash);
        if (family.revokedAt === null && family.expiresAt > now && withinGrace && successorUnspent) {
          return { token: successor, family };
        }
        await this.revokeFamily(family);
        throw new RefreshTokenReuseError(family.id);
      }
      case 'inactive':
      case 'not_found':
        throw new InvalidGrantError('refresh token is not valid');
    }
  }

  /** Looks a refresh token up without spending it (introspection, RFC 7009 revocation). */
  async find(token: string): Promise<{ family: RefreshFamilyRecord; token: RefreshTokenRecord } | null> {
    if (!token || token.length > 512) return null;
    return this.store.findToken(hashOpaqueToken(token));
  }

  /** Idempotent: a family that was already revoked emits no second revocation event (audit finding 7a). */
  async revokeFamily(family: Pick<RefreshFamilyRecord, 'id' | 'userId'>): Promise<void> {
    const now = this.clock.now();
    const stored = await this.store.revokeFamily(family.id, now);
    // The store keeps the first revocation time: an earlier one means this call changed nothing.
    const revokedBefore = stored?.revokedAt != null && stored.revokedAt < now ? stored.revokedAt : undefined;
    await this.revocation.revokeSidOnce('refresh_family', family.id, family.userId, revokedBefore);
  }

  async revokeAllForUser(userId: string): Promise<void> {
    const families = await this.store.revokeByUser(userId, this.clock.now());
    for (const family of families) await this.revocation.revokeSid('refresh_family', family.id, userId);
  }

  /** The user's app logins: families neither revoked nor expired. */
  async listLive(userId: string): Promise<LiveRefreshFamily[]> {
    return this.store.listLiveByUser(userId, this.clock.now());
  }

  /** Ends one of the user's app logins; another user's family (or none) is "not found", as for sessions. */
  async revokeOwnFamily(userId: string, familyId: string): Promise<void> {
    const family = await this.store.findFamily(familyId);
    if (!family || family.userId !== userId) throw new NotFoundError('No such session');
    await this.revokeFamily(family);
  }

  #successorOf(token: string): string {
    return deriveSecret(this.successorKey, 'refresh-successor', token);
  }

  #record(token: string, family: RefreshFamilyRecord, generation: number, now: number): RefreshTokenRecord {
    return { tokenHash: hashOpaqueToken(token), familyId: family.id, generation, createdAt: now, expiresAt: family.expiresAt, usedAt: null };
  }
}
