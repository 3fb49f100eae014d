import type {
  AuditEventRecord,
  ClientRecord,
  DenylistEntry,
  RefreshFamilyRecord,
  RefreshTokenRecord,
  RevocationEvent,
  SessionRecord,
  SigningKeyRecord,
  UserRecord,
} from '../model/records.js';
import { ClientExistsError, EmailTakenError } from '../errors/tessera-error.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { ClientStore } from '../ports/client-store.js';
import type { DenylistStore } from '../ports/denylist-store.js';
import type { KeyStore } from '../ports/key-store.js';
import type { RefreshTokenStore, RotateResult } from '../ports/refresh-token-store.js';
import type { RevocationLog } from '../ports/revocation-log.js';
import type { SessionStore } from '../ports/session-store.js';
import type { UserStore } from '../ports/user-store.js';

// The reference implementation of every port. Single process only: JavaScript's run-to-completion
// makes each method atomic, which is exactly what the contract asks the other stores to prove.
// Records are copied in and out so callers can never mutate stored state by accident.
const copy = <T>(value: T): T => structuredClone(value);

export class MemoryUserStore implements UserStore {
  readonly #byId = new Map<string, UserRecord>();
  readonly #idByEmail = new Map<string, string>();

  async create(user: UserRecord): Promise<void> {
    if (this.#idByEmail.has(user.email)) throw new EmailTakenError();
    this.#byId.set(user.id, copy(user));
    this.#idByEmail.set(user.email, user.id);
  }
  async findById(id: string): Promise<UserRecord | null> {
    const user = this.#byId.get(id);
    return user ? copy(user) : null;
  }
  async findByEmail(email: string): Promise<UserRecord | null> {
    const id = this.#idByEmail.get(email);
    return id === undefined ? null : this.findById(id);
  }
  async updatePassword(id: string, passwordHash: string, changedAt: number): Promise<boolean> {
    const user = this.#byId.get(id);
    if (!user) return false;
    user.passwordHash = passwordHash;
    user.passwordChangedAt = changedAt;
    user.updatedAt = changedAt;
    return true;
  }
}

export class MemorySessionStore implements SessionStore {
  readonly #byId = new Map<string, SessionRecord>();
  readonly #idByTokenHash = new Map<string, string>();

  /** Number of stored sessions (the lab's memory-per-session figure uses it). */
  get size(): number {
    return this.#byId.size;
  }
  async create(session: SessionRecord): Promise<void> {
    this.#byId.set(session.id, copy(session));
    this.#idByTokenHash.set(session.tokenHash, session.id);
  }
  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const id = this.#idByTokenHash.get(tokenHash);
    return id === undefined ? null : this.findById(id);
  }
  async findById(id: string): Promise<SessionRecord | null> {
    const session = this.#byId.get(id);
    return session ? copy(session) : null;
  }
  async touch(id: string, lastSeenAt: number, idleExpiresAt: number): Promise<void> {
    const session = this.#byId.get(id);
    if (!session) return;
    session.lastSeenAt = lastSeenAt;
    session.idleExpiresAt = idleExpiresAt;
  }
  async setData(id: string, data: Record<string, unknown>): Promise<boolean> {
    const session = this.#byId.get(id);
    if (!session) return false;
    session.data = copy(data);
    return true;
  }
  async delete(id: string): Promise<SessionRecord | null> {
    const session = this.#byId.get(id);
    if (!session) return null;
    this.#byId.delete(id);
    this.#idByTokenHash.delete(session.tokenHash);
    return session;
  }
  async listByUser(userId: string): Promise<SessionRecord[]> {
    return [...this.#byId.values()]
      .filter((s) => s.userId === userId)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(copy);
  }
  async deleteByUser(userId: string, exceptId?: string): Promise<string[]> {
    const deleted: string[] = [];
    for (const session of [...this.#byId.values()]) {
      if (session.userId !== userId || session.id === exceptId) continue;
      await this.delete(session.id);
      deleted.push(session.id);
    }
    return deleted;
  }
}

export class MemoryRefreshTokenStore implements RefreshTokenStore {
  readonly #families = new Map<string, RefreshFamilyRecord>();
  readonly #tokens = new Map<string, RefreshTokenRecord>();
  /** familyId + generation → token hash, to find a parent's successor. */
  readonly #byGeneration = new Map<string, string>();

  #put(token: RefreshTokenRecord): void {
    this.#tokens.set(token.tokenHash, copy(token));
    this.#byGeneration.set(`${token.familyId}:${token.generation}`, token.tokenHash);
  }
  async createFamily(family: RefreshFamilyRecord, first: RefreshTokenRecord): Promise<void> {
    this.#families.set(family.id, copy(family));
    this.#put(first);
  }
  async findFamily(id: string): Promise<RefreshFamilyRecord | null> {
    const family = this.#families.get(id);
    return family ? copy(family) : null;
  }
  async rotate(parentHash: string, successor: RefreshTokenRecord, now: number): Promise<RotateResult> {
    const parent = this.#tokens.get(parentHash);
    const family = parent && this.#families.get(parent.familyId);
    if (!parent || !family) return { outcome: 'not_found' };
    if (parent.usedAt !== null) {
      const successorHash = this.#byGeneration.get(`${parent.familyId}:${parent.generation + 1}`);
      const stored = successorHash === undefined ? undefined : this.#tokens.get(successorHash);
      return { outcome: 'already_used', family: copy(family), parent: copy(parent), successor: stored ? copy(stored) : null };
    }
    if (family.revokedAt !== null || family.expiresAt <= now || parent.expiresAt <= now) {
      return { outcome: 'inactive', family: copy(family), parent: copy(parent) };
    }
    parent.usedAt = now;
    this.#put(successor);
    return { outcome: 'rotated', family: copy(family), parent: copy(parent) };
  }
  async findToken(tokenHash: string): Promise<{ family: RefreshFamilyRecord; token: RefreshTokenRecord } | null> {
    const token = this.#tokens.get(tokenHash);
    const family = token && this.#families.get(token.familyId);
    return token && family ? { family: copy(family), token: copy(token) } : null;
  }
  async revokeFamily(familyId: string, now: number): Promise<RefreshFamilyRecord | null> {
    const family = this.#families.get(familyId);
    if (!family) return null;
    family.revokedAt ??= now;
    return copy(family);
  }
  async revokeByUser(userId: string, now: number): Promise<RefreshFamilyRecord[]> {
    const revoked: RefreshFamilyRecord[] = [];
    for (const family of this.#families.values()) {
      if (family.userId !== userId || family.revokedAt !== null) continue;
      family.revokedAt = now;
      revoked.push(copy(family));
    }
    return revoked;
  }
}

export class MemoryDenylistStore implements DenylistStore {
  readonly #entries = new Map<string, number>();

  async add(entry: DenylistEntry): Promise<void> {
    const key = `${entry.kind}:${entry.value}`;
    this.#entries.set(key, Math.max(entry.expiresAt, this.#entries.get(key) ?? 0));
  }
  async isDenied(jti: string, sid: string | undefined, now: number): Promise<boolean> {
    return this.isDeniedSync(jti, sid, now);
  }
  /** Synchronous form for hot paths that hold the store in-process. */
  isDeniedSync(jti: string, sid: string | undefined, now: number): boolean {
    const byJti = this.#entries.get(`jti:${jti}`);
    if (byJti !== undefined && byJti > now) return true;
    if (sid === undefined) return false;
    const bySid = this.#entries.get(`sid:${sid}`);
    return bySid !== undefined && bySid > now;
  }
  async listActive(now: number): Promise<DenylistEntry[]> {
    const active: DenylistEntry[] = [];
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt <= now) {
        this.#entries.delete(key);
        continue;
      }
      const separator = key.indexOf(':');
      active.push({ kind: key.slice(0, separator) as DenylistEntry['kind'], value: key.slice(separator + 1), expiresAt });
    }
    return active;
  }
}

export class MemoryRevocationLog implements RevocationLog {
  readonly #events: RevocationEvent[] = [];
  #nextId = 1;

  async append(event: Omit<RevocationEvent, 'id'>): Promise<RevocationEvent> {
    const stored = { ...copy(event), id: String(this.#nextId++) };
    this.#events.push(stored);
    return copy(stored);
  }
  async listAfter(afterId: string | undefined, limit: number): Promise<RevocationEvent[]> {
    const after = afterId === undefined ? 0 : Number(afterId);
    const from = Number.isSafeInteger(after) ? after : 0;
    return this.#events.filter((e) => Number(e.id) > from).slice(0, limit).map(copy);
  }
  async purgeExpired(now: number): Promise<number> {
    const before = this.#events.length;
    const kept = this.#events.filter((e) => e.expiresAt >= now);
    this.#events.splice(0, this.#events.length, ...kept);
    return before - kept.length;
  }
}

export class MemoryClientStore implements ClientStore {
  readonly #clients = new Map<string, ClientRecord>();

  async create(client: ClientRecord): Promise<void> {
    if (this.#clients.has(client.id)) throw new ClientExistsError();
    this.#clients.set(client.id, copy(client));
  }
  async findById(id: string): Promise<ClientRecord | null> {
    const client = this.#clients.get(id);
    return client ? copy(client) : null;
  }
  async list(): Promise<ClientRecord[]> {
    return [...this.#clients.values()].map(copy);
  }
}

export class MemoryKeyStore implements KeyStore {
  readonly #keys: SigningKeyRecord[] = [];
  readonly #secrets = new Map<string, Uint8Array>();

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    return [...this.#keys].sort((a, b) => a.generation - b.generation).map(copy);
  }
  async insertSigningKey(key: SigningKeyRecord): Promise<boolean> {
    if (this.#keys.some((k) => k.generation === key.generation || k.kid === key.kid)) return false;
    this.#keys.push(copy(key));
    return true;
  }
  async setRetiresAt(kid: string, retiresAt: number): Promise<void> {
    const key = this.#keys.find((k) => k.kid === kid);
    if (key) key.retiresAt = retiresAt;
  }
  async deleteRetired(now: number): Promise<number> {
    const before = this.#keys.length;
    const kept = this.#keys.filter((k) => k.retiresAt === null || k.retiresAt > now);
    this.#keys.splice(0, this.#keys.length, ...kept);
    return before - kept.length;
  }
  async getOrCreateSecret(name: string, candidate: Uint8Array): Promise<Uint8Array> {
    let secret = this.#secrets.get(name);
    if (!secret) {
      secret = Uint8Array.from(candidate);
      this.#secrets.set(name, secret);
    }
    return Uint8Array.from(secret);
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly #events: AuditEventRecord[] = [];
  /** Keeps memory bounded in long-running demo servers. */
  constructor(private readonly maxEvents = 10_000) {}

  async append(event: AuditEventRecord): Promise<void> {
    this.#events.push(copy(event));
    if (this.#events.length > this.maxEvents) this.#events.shift();
  }
  async listByUser(userId: string, limit: number): Promise<AuditEventRecord[]> {
    return this.#events
      .filter((e) => e.userId === userId)
      .reverse()
      .slice(0, limit)
      .map(copy);
  }
}
