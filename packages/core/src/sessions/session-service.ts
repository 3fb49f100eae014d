import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { deriveSecret } from '../crypto/derive-secret.js';
import { generateOpaqueToken, hashOpaqueToken } from '../crypto/opaque-token.js';
import { InvalidInputError, NotFoundError } from '../errors/tessera-error.js';
import type { SessionRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { SessionStore } from '../ports/session-store.js';
import type { RevocationService } from '../revocation/revocation-service.js';
import type { CoreSettings } from '../settings/core-settings.js';

export interface SessionMetadata {
  userAgent?: string | null;
  ip?: string | null;
  data?: Record<string, unknown>;
}

export interface CreatedSession {
  /** The cookie value. Shown once; only its hash is stored. */
  token: string;
  session: SessionRecord;
  csrfToken: string;
}

/** 256 bits: well above ASVS 5.0 V7.2.3's 128-bit floor for session tokens. */
const sessionTokenBytes = 32;
/** Bounds what a client can make us store per session (app data and headers). */
const maxUserAgentLength = 512;
const maxSessionDataBytes = 16 * 1024;

/**
 * Server-side sessions: opaque tokens (only their SHA-256 stored), idle + absolute expiry with
 * sliding renewal, a new token at every login (fixation defence, ASVS V7.2.4), per-user listing and
 * revocation, and a CSRF token bound to the session by HMAC (nothing extra to store).
 */
export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly revocation: RevocationService,
    private readonly settings: Pick<
      CoreSettings,
      'sessionIdleTtlSeconds' | 'sessionAbsoluteTtlSeconds' | 'sessionRenewalIntervalSeconds'
    >,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly csrfKey: Uint8Array,
    /** Told of every session this service ended (the logout cascade, logout/session-logout.ts). */
    private readonly onEnded: (userId: string, sessionIds: readonly string[]) => Promise<void> = async () => {},
  ) {}

  /**
   * Starts a session. `previousToken` is whatever session cookie the client presented: that
   * session is ended, so a token planted before login never becomes authenticated.
   */
  async create(userId: string, meta: SessionMetadata = {}, previousToken?: string): Promise<CreatedSession> {
    if (previousToken) await this.end(previousToken);
    const now = this.clock.now();
    const token = generateOpaqueToken(this.random, sessionTokenBytes);
    const session: SessionRecord = {
      id: generateOpaqueToken(this.random, 16),
      tokenHash: hashOpaqueToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + this.settings.sessionIdleTtlSeconds * 1000,
      absoluteExpiresAt: now + this.settings.sessionAbsoluteTtlSeconds * 1000,
      userAgent: meta.userAgent ? meta.userAgent.slice(0, maxUserAgentLength) : null,
      ip: meta.ip ?? null,
      data: checkData(meta.data ?? {}),
    };
    await this.store.create(session);
    return { token, session, csrfToken: this.csrfTokenFor(token) };
  }

  /** The live session a cookie token names, renewed if due; null when unknown or expired. */
  async authenticate(token: string): Promise<SessionRecord | null> {
    if (!token || token.length > 256) return null;
    const session = await this.store.findByTokenHash(hashOpaqueToken(token));
    if (!session) return null;
    const now = this.clock.now();
    if (!isLive(session, now)) {
      await this.store.delete(session.id);
      return null;
    }
    if (now - session.lastSeenAt >= this.settings.sessionRenewalIntervalSeconds * 1000) {
      session.lastSeenAt = now;
      session.idleExpiresAt = Math.min(now + this.settings.sessionIdleTtlSeconds * 1000, session.absoluteExpiresAt);
      await this.store.touch(session.id, session.lastSeenAt, session.idleExpiresAt);
    }
    return session;
  }

  /** The CSRF synchronizer token for a session: HMAC of the session token's hash (OWASP CSRF cheat sheet, HMAC-based token). */
  csrfTokenFor(token: string): string {
    return deriveSecret(this.csrfKey, 'csrf', hashOpaqueToken(token));
  }

  verifyCsrf(token: string, presented: string | undefined): boolean {
    return typeof presented === 'string' && presented.length > 0 && constantTimeEqual(this.csrfTokenFor(token), presented);
  }

  /** Logout: the session dies server-side. */
  async end(token: string): Promise<void> {
    const session = await this.store.findByTokenHash(hashOpaqueToken(token));
    if (session) await this.revoke(session.id);
  }

  async revoke(id: string): Promise<boolean> {
    const deleted = await this.store.delete(id);
    if (!deleted) return false;
    await this.revocation.revokeSid('session', deleted.id, deleted.userId);
    await this.onEnded(deleted.userId, [deleted.id]);
    return true;
  }

  /** Revokes one of the user's own sessions; another user's id is "not found", not "forbidden". */
  async revokeOwn(userId: string, id: string): Promise<void> {
    const session = await this.store.findById(id);
    if (!session || session.userId !== userId) throw new NotFoundError('No such session');
    await this.revoke(id);
  }

  /** "Sign out everywhere else"; with no `exceptId`, everywhere. */
  async revokeAllForUser(userId: string, exceptId?: string): Promise<string[]> {
    const deleted = await this.store.deleteByUser(userId, exceptId);
    for (const id of deleted) await this.revocation.revokeSid('session', id, userId);
    await this.onEnded(userId, deleted);
    return deleted;
  }

  async list(userId: string): Promise<SessionRecord[]> {
    const now = this.clock.now();
    return (await this.store.listByUser(userId)).filter((s) => isLive(s, now));
  }

  async setData(id: string, data: Record<string, unknown>): Promise<boolean> {
    return this.store.setData(id, checkData(data));
  }
}

function isLive(session: SessionRecord, now: number): boolean {
  return session.idleExpiresAt > now && session.absoluteExpiresAt > now;
}

function checkData(data: Record<string, unknown>): Record<string, unknown> {
  const json = JSON.stringify(data);
  // NUL never belongs in app data, and PostgreSQL's jsonb cannot store it: refuse it as input.
  if (json.includes('\\u0000')) throw new InvalidInputError('session data must not contain NUL characters');
  if (Buffer.byteLength(json, 'utf8') > maxSessionDataBytes) {
    throw new InvalidInputError(`session data must be at most ${maxSessionDataBytes} bytes of JSON`);
  }
  return JSON.parse(json) as Record<string, unknown>;
}
