import { MfaTokenInvalidError } from '../errors/tessera-error.js';
import type { UserRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { UserStore } from '../ports/user-store.js';
import type { MfaTokenCodec } from './mfa-token.js';
import type { SecondFactorMethod, SecondFactorService } from './second-factor-service.js';

/** After the password step: either done, or a second step is due. */
export type PasswordStepResult = { mfaRequired: false } | { mfaRequired: true; mfaToken: string; methods: SecondFactorMethod[] };

/**
 * The two-step login (`mfa_required`, `mfa_token`): the password step hands out a short-lived
 * token instead of a session when the account has a second factor; the second step redeems it
 * with a code or a passkey. Framework-free; the server throttles the second step.
 */
export class TwoStepLogin {
  constructor(
    private readonly users: UserStore,
    private readonly factors: SecondFactorService,
    private readonly codec: MfaTokenCodec,
    private readonly clock: Clock,
  ) {}

  async afterPassword(user: UserRecord): Promise<PasswordStepResult> {
    const methods = await this.factors.methods(user.id);
    if (methods.length === 0) return { mfaRequired: false };
    return { mfaRequired: true, mfaToken: this.codec.issue(user.id, user.passwordChangedAt, this.clock.now()), methods };
  }

  /**
   * The user an `mfa_token` stands for, if it is intact, recent, and the account is still
   * enabled with the same password. Throws `MfaTokenInvalidError` otherwise.
   */
  async userFor(mfaToken: unknown): Promise<UserRecord> {
    let claims;
    try {
      claims = this.codec.read(mfaToken, this.clock.now());
    } catch {
      throw new MfaTokenInvalidError();
    }
    const user = await this.users.findById(claims.userId);
    if (!user || user.disabledAt !== null || user.passwordChangedAt !== claims.passwordChangedAt) throw new MfaTokenInvalidError();
    return user;
  }
}
