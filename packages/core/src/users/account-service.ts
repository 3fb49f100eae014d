import { InvalidCredentialsError, InvalidInputError, NotFoundError } from '../errors/tessera-error.js';
import type { AuditEventRecord, UserRecord } from '../model/records.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { UserListQuery, UserStore } from '../ports/user-store.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import { assertPasswordInput, type PasswordPolicy } from '../passwords/password-policy.js';
import { normalizeEmail } from './email-address.js';
import { generateUserId } from './user-id.js';

export interface RequestContext {
  ip?: string | null;
}

/** Users and their passwords: sign-up, authentication, password change, and operators' disable/enable/remove. */
export class AccountService {
  constructor(
    private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async signUp(email: unknown, password: unknown, context: RequestContext = {}): Promise<UserRecord> {
    if (typeof email !== 'string') throw new InvalidInputError('email must be a string', 'email');
    const normalized = normalizeEmail(email);
    this.policy.check(password, { email: normalized });
    const now = this.clock.now();
    const user: UserRecord = {
      id: generateUserId(this.random),
      email: normalized,
      passwordHash: await this.hasher.hash(password),
      createdAt: now,
      updatedAt: now,
      passwordChangedAt: now,
      disabledAt: null,
    };
    // One write with its audit event (finding 16); EmailTakenError leaves the store unchanged.
    await this.users.create(user, this.#event('user.signup', user.id, context));
    return user;
  }

  /**
   * Unknown email and wrong password fail the same way and take the same time (a dummy Argon2
   * verification runs for unknown emails), so neither the answer nor its timing reveals accounts.
   * A disabled account fails the same way too, after the same verification.
   */
  async authenticate(email: unknown, password: unknown, context: RequestContext = {}): Promise<UserRecord> {
    if (typeof email !== 'string') throw new InvalidInputError('email must be a string', 'email');
    assertPasswordInput(password);
    let normalized: string;
    try {
      normalized = normalizeEmail(email);
    } catch {
      await this.hasher.verifyDummy(password);
      throw new InvalidCredentialsError();
    }
    const user = await this.users.findByEmail(normalized);
    if (!user) {
      await this.hasher.verifyDummy(password);
      await this.#audit('login.failure', null, context, { reason: 'unknown_email' });
      throw new InvalidCredentialsError();
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.#audit('login.failure', user.id, context, { reason: 'wrong_password' });
      throw new InvalidCredentialsError();
    }
    if (user.disabledAt !== null) {
      await this.#audit('login.failure', user.id, context, { reason: 'disabled' });
      throw new InvalidCredentialsError();
    }
    if (this.hasher.needsRehash(user.passwordHash)) {
      // Same password, stronger parameters: not a change the audit log records.
      await this.users.updatePassword(user.id, await this.hasher.hash(password), user.passwordChangedAt);
    }
    await this.#audit('login.success', user.id, context);
    return user;
  }

  /** Checks the current password, then stores the new one. The caller revokes the user's other credentials. */
  async changePassword(userId: string, current: unknown, next: unknown, context: RequestContext = {}): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    assertPasswordInput(current);
    if (!user || !(await this.hasher.verify(user.passwordHash, current))) throw new InvalidCredentialsError();
    this.policy.checkChange(current, next, { email: user.email });
    const now = this.clock.now();
    await this.users.updatePassword(userId, await this.hasher.hash(next), now, this.#event('user.password_changed', userId, context));
    return { ...user, passwordChangedAt: now, updatedAt: now };
  }

  /**
   * Re-authentication for a sensitive change (turning off two-factor, deleting the account): true
   * when `password` is the user's current password. The caller throttles it like a login.
   */
  async verifyPassword(userId: string, password: unknown): Promise<boolean> {
    assertPasswordInput(password);
    const user = await this.users.findById(userId);
    if (!user) {
      await this.hasher.verifyDummy(password);
      return false;
    }
    return this.hasher.verify(user.passwordHash, password);
  }

  /**
   * Refuses every later login of the user (the account stays). The caller ends the user's
   * sessions and refresh families (see `Tessera.disableUser`). Disabling a disabled user keeps the
   * first date and writes no event. Throws `NotFoundError` for an unknown id.
   */
  async disable(userId: string, context: RequestContext = {}): Promise<UserRecord> {
    const user = await this.#require(userId);
    if (user.disabledAt !== null) return user;
    const now = this.clock.now();
    if (!(await this.users.setDisabledAt(userId, now, now, this.#event('user.disabled', userId, context)))) throw new NotFoundError('no such user');
    return { ...user, disabledAt: now, updatedAt: now };
  }

  /** Lets the user log in again. Enabling an enabled user writes no event. Throws `NotFoundError` for an unknown id. */
  async enable(userId: string, context: RequestContext = {}): Promise<UserRecord> {
    const user = await this.#require(userId);
    if (user.disabledAt === null) return user;
    const now = this.clock.now();
    if (!(await this.users.setDisabledAt(userId, null, now, this.#event('user.enabled', userId, context)))) throw new NotFoundError('no such user');
    return { ...user, disabledAt: null, updatedAt: now };
  }

  /** Deletes the account. The caller has ended its credentials first (see `Tessera.removeUser`). Throws `NotFoundError` for an unknown id. */
  async remove(userId: string, context: RequestContext = {}): Promise<UserRecord> {
    const user = await this.#require(userId);
    if (!(await this.users.remove(userId, this.#event('user.removed', userId, context)))) throw new NotFoundError('no such user');
    return user;
  }

  /** A page of users for operators: see `UserStore.list`. */
  list(query: UserListQuery): Promise<UserRecord[]> {
    if (!Number.isInteger(query.limit) || query.limit < 1) throw new InvalidInputError('limit must be a positive integer', 'limit');
    return this.users.list({ ...query, ...(query.search === undefined ? {} : { search: query.search.trim().toLowerCase() }) });
  }

  async #require(userId: string): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('no such user');
    return user;
  }

  findById(id: string): Promise<UserRecord | null> {
    return this.users.findById(id);
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    return this.users.findByEmail(normalizeEmail(email));
  }

  #event(type: string, userId: string | null, context: RequestContext, detail: Record<string, unknown> = {}): AuditEventRecord {
    return { at: this.clock.now(), type, userId, ip: context.ip ?? null, detail };
  }

  /** Events that record no state change (login attempts) go straight to the audit log. */
  async #audit(type: string, userId: string | null, context: RequestContext, detail: Record<string, unknown> = {}): Promise<void> {
    await this.audit.append(this.#event(type, userId, context, detail));
  }
}
