import { InvalidInputError, InvalidSecondFactorError } from '../errors/tessera-error.js';
import type { AuditEventRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { PasskeyStore } from '../ports/passkey-store.js';
import type { Random } from '../ports/random.js';
import type { SecondFactorStore } from '../ports/second-factor-store.js';
import type { RequestContext } from '../users/account-service.js';
import { generateRecoveryCodes, hashRecoveryCode, looksLikeRecoveryCode } from './recovery-codes.js';
import type { SecretBox } from './secret-box.js';
import type { TotpAuthenticator } from './totp-authenticator.js';

/** What a second step may use; `methods` of the contract's `mfa_required` answer. */
export type SecondFactorMethod = 'totp' | 'recovery_code' | 'webauthn';

export interface SecondFactorStatus {
  totp: 'off' | 'pending' | 'on';
  recoveryCodesLeft: number;
  passkeys: number;
}

export interface PendingTotp {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** `otpauth://totp/…`, what the QR code shows. */
  uri: string;
}

/**
 * TOTP set-up, use and removal, and recovery codes. The seed is encrypted at rest and leaves the
 * server only while the factor is pending (set-up shows it once); once confirmed, nothing returns it.
 */
export class SecondFactorService {
  constructor(
    private readonly store: SecondFactorStore,
    private readonly passkeys: PasskeyStore,
    private readonly authenticator: TotpAuthenticator,
    private readonly box: SecretBox,
    private readonly recoveryKey: Uint8Array,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async status(userId: string): Promise<SecondFactorStatus> {
    const [totp, recoveryCodesLeft, passkeys] = await Promise.all([
      this.store.findTotp(userId),
      this.store.countRecoveryCodes(userId),
      this.passkeys.listByUser(userId),
    ]);
    return { totp: totp === null ? 'off' : totp.confirmedAt === null ? 'pending' : 'on', recoveryCodesLeft, passkeys: passkeys.length };
  }

  /** Empty when the account has no second factor (a password alone signs in). */
  async methods(userId: string): Promise<SecondFactorMethod[]> {
    const status = await this.status(userId);
    const methods: SecondFactorMethod[] = [];
    if (status.totp === 'on') methods.push('totp', 'recovery_code');
    if (status.passkeys > 0) methods.push('webauthn');
    return methods;
  }

  async hasSecondFactor(userId: string): Promise<boolean> {
    return (await this.methods(userId)).length > 0;
  }

  /** Starts (or restarts) a set-up with a fresh seed. Refused while TOTP is on: remove it first. */
  async beginTotp(userId: string, accountName: string): Promise<PendingTotp> {
    const secret = this.authenticator.newSecret(this.random);
    const stored = await this.store.putPendingTotp({
      userId,
      secretCiphertext: this.box.seal(secret, userId),
      createdAt: this.clock.now(),
      confirmedAt: null,
      lastUsedStep: null,
    });
    if (!stored) throw new InvalidInputError('two-factor authentication is already on');
    return { secret, uri: this.authenticator.uri(secret, accountName) };
  }

  /** The pending set-up (for the QR code), or null once confirmed or when none was begun. */
  async pendingTotp(userId: string, accountName: string): Promise<PendingTotp | null> {
    const factor = await this.store.findTotp(userId);
    if (!factor || factor.confirmedAt !== null) return null;
    const secret = this.box.open(factor.secretCiphertext, userId);
    return { secret, uri: this.authenticator.uri(secret, accountName) };
  }

  /** Proves the set-up with a code; answers the recovery codes, shown once and stored hashed. */
  async confirmTotp(userId: string, code: string, context: RequestContext = {}): Promise<string[]> {
    const factor = await this.store.findTotp(userId);
    if (!factor || factor.confirmedAt !== null) throw new InvalidInputError('start the two-factor set-up first', 'code');
    const now = this.clock.now();
    const step = this.authenticator.matchingStep(this.box.open(factor.secretCiphertext, userId), code.trim(), now);
    if (step === null) throw new InvalidSecondFactorError();
    const codes = generateRecoveryCodes(this.random);
    const confirmed = await this.store.confirmTotp(userId, now, step, this.#hashes(userId, codes), this.#event('mfa.totp_added', userId, context));
    if (!confirmed) throw new InvalidSecondFactorError();
    return codes;
  }

  /** A current TOTP code, spent so that it never works again. */
  async verifyTotp(userId: string, code: string): Promise<boolean> {
    const factor = await this.store.findTotp(userId);
    if (!factor || factor.confirmedAt === null) return false;
    const step = this.authenticator.matchingStep(this.box.open(factor.secretCiphertext, userId), code.trim(), this.clock.now());
    return step !== null && (await this.store.useTotpStep(userId, step));
  }

  /**
   * The second login step by code: a TOTP code or a recovery code, each working once. Throws
   * `InvalidSecondFactorError` (one error for wrong, malformed and spent codes).
   */
  async verifyCode(userId: string, input: unknown, context: RequestContext = {}): Promise<'totp' | 'recovery_code'> {
    if (typeof input !== 'string' || input.length > 64) throw new InvalidSecondFactorError();
    const code = input.replace(/\s/g, '');
    if (/^\d{6}$/.test(code)) {
      if (await this.verifyTotp(userId, code)) return 'totp';
      throw new InvalidSecondFactorError();
    }
    if (looksLikeRecoveryCode(code) && (await this.#useRecoveryCode(userId, code, context))) return 'recovery_code';
    throw new InvalidSecondFactorError();
  }

  async disableTotp(userId: string, context: RequestContext = {}): Promise<boolean> {
    return this.store.removeTotp(userId, this.#event('mfa.totp_removed', userId, context));
  }

  async regenerateRecoveryCodes(userId: string, context: RequestContext = {}): Promise<string[]> {
    const factor = await this.store.findTotp(userId);
    if (!factor || factor.confirmedAt === null) throw new InvalidInputError('two-factor authentication is off');
    const codes = generateRecoveryCodes(this.random);
    await this.store.replaceRecoveryCodes(userId, this.#hashes(userId, codes), this.#event('mfa.recovery_codes_regenerated', userId, context));
    return codes;
  }

  /** Account deletion: no factor outlives its user. */
  async removeAllForUser(userId: string): Promise<void> {
    await this.store.removeTotp(userId);
    await this.passkeys.removeAllForUser(userId);
  }

  async #useRecoveryCode(userId: string, code: string, context: RequestContext): Promise<boolean> {
    const left = await this.store.countRecoveryCodes(userId);
    // `left - 1` is what remains if this use wins; never a code or its hash in the event.
    return this.store.useRecoveryCode(userId, hashRecoveryCode(this.recoveryKey, userId, code), this.#event('mfa.recovery_code_used', userId, context, { remaining: Math.max(0, left - 1) }));
  }

  #hashes(userId: string, codes: readonly string[]): string[] {
    return codes.map((code) => hashRecoveryCode(this.recoveryKey, userId, code));
  }

  #event(type: string, userId: string, context: RequestContext, detail: Record<string, unknown> = {}): AuditEventRecord {
    return { at: this.clock.now(), type, userId, ip: context.ip ?? null, detail };
  }
}
