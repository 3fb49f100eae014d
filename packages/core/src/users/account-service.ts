import { InvalidCredentialsError, InvalidInputError } from '../errors/tessera-error.js';
import type { AuditEventRecord, UserRecord } from '../model/records.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { UserStore } from '../ports/user-store.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import { assertPasswordInput, type PasswordPolicy } from '../passwords/password-policy.js';
import { normalizeEmail } from './email-address.js';
import { generateUserId } from './user-id.js';

export interface RequestContext {
  ip?: string | null;
}

/** Users and their passwords: sign-up, authentication, password change. */
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
    };
    // One write with its audit event (finding 16); EmailTakenError leaves the store unchanged.
    await this.users.create(user, this.#event('user.signup', user.id, context));
    return user;
  }

  /**
   * Unknown email and wrong password fail the same way and take the same time (a dummy Argon2
   * verification runs for unknown emails), so neither the answer nor its timing reveals accounts.
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
