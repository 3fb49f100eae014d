import { generateOpaqueToken, hashOpaqueToken, PasskeyRejectedError, passkeyAmr, systemRandom, type AuthenticationMethod, type PasskeyRecord, type Tessera, type UserRecord } from '@tessera/core';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { RelyingParty } from './relying-party.js';

/** Long enough for a person to find the security key; the challenge is spent at the first answer. */
const challengeTtlMs = 5 * 60 * 1000;
const timeoutMs = 120_000;

export interface Ceremony<Options> {
  /** The handle the client sends back with its answer; only its hash is stored. */
  challengeId: string;
  options: Options;
}

export interface PasskeySignIn {
  user: UserRecord;
  passkey: PasskeyRecord;
  amr: AuthenticationMethod[];
}

/**
 * The two WebAuthn ceremonies (Level 3 §7.1 registration, §7.2 authentication) through
 * `@simplewebauthn/server`: discoverable credentials (`residentKey: required`) and user
 * verification required both ways, no attestation (passkeys are for people, not an allow-list of
 * models). Every challenge is random, stored hashed, and spent once (§13.4.3).
 */
export class PasskeyCeremonies {
  constructor(
    private readonly tessera: Tessera,
    private readonly rp: RelyingParty,
  ) {}

  async registrationOptions(user: UserRecord): Promise<Ceremony<PublicKeyCredentialCreationOptionsJSON>> {
    const existing = await this.tessera.stores.passkeys.listByUser(user.id);
    const options = await generateRegistrationOptions({
      rpName: this.rp.name,
      rpID: this.rp.id,
      userName: user.email,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      timeout: timeoutMs,
      excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    return { challengeId: await this.#saveChallenge(options.challenge, 'registration', user.id), options };
  }

  async register(user: UserRecord, challengeId: string, response: RegistrationResponseJSON, name: string, ip: string): Promise<PasskeyRecord> {
    const challenge = await this.#consume(challengeId, 'registration', user.id);
    let verification;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.id,
        requireUserVerification: true,
      });
    } catch (error) {
      throw new PasskeyRejectedError('the new passkey could not be verified', { cause: error });
    }
    if (!verification.verified) throw new PasskeyRejectedError('the new passkey could not be verified');
    const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
    const now = this.tessera.clock.now();
    const passkey: PasskeyRecord = {
      id: credential.id,
      userId: user.id,
      name,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      createdAt: now,
      lastUsedAt: null,
    };
    const audit = { at: now, type: 'passkey.added', userId: user.id, ip, detail: { passkey_id: passkey.id, name, backed_up: credentialBackedUp } };
    if (!(await this.tessera.stores.passkeys.add(passkey, audit))) throw new PasskeyRejectedError('this passkey is registered already');
    return passkey;
  }

  /** Options for a sign-in: any discoverable passkey (`user` null), or the user's own as a second step. */
  async authenticationOptions(user: UserRecord | null): Promise<Ceremony<PublicKeyCredentialRequestOptionsJSON>> {
    const allow = user === null ? [] : await this.tessera.stores.passkeys.listByUser(user.id);
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      timeout: timeoutMs,
      userVerification: 'required',
      allowCredentials: allow.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })),
    });
    return { challengeId: await this.#saveChallenge(options.challenge, 'authentication', user?.id ?? null), options };
  }

  /**
   * Verifies a sign-in answer: the challenge (spent), the credential (known, enabled owner, the
   * user the second step is for), the signature, user verification and the counter; then stores
   * the new counter and backup state. `afterPassword` says whether a password step came first.
   */
  async authenticate(challengeId: string, response: AuthenticationResponseJSON, afterPassword: UserRecord | null): Promise<PasskeySignIn> {
    const challenge = await this.#consume(challengeId, 'authentication', afterPassword?.id ?? null);
    const passkey = await this.tessera.stores.passkeys.findById(response.id);
    if (!passkey || (afterPassword !== null && passkey.userId !== afterPassword.id)) throw new PasskeyRejectedError('this passkey is not registered here');
    const user = await this.tessera.accounts.findById(passkey.userId);
    if (!user || user.disabledAt !== null) throw new PasskeyRejectedError('this passkey is not registered here');
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.id,
        credential: { id: passkey.id, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: passkey.transports },
        requireUserVerification: true,
      });
    } catch (error) {
      throw new PasskeyRejectedError('the passkey could not be verified', { cause: error });
    }
    if (!verification.verified) throw new PasskeyRejectedError();
    const { newCounter, credentialBackedUp } = verification.authenticationInfo;
    await this.tessera.stores.passkeys.recordUse(passkey.id, newCounter, credentialBackedUp, this.tessera.clock.now());
    return { user, passkey, amr: passkeyAmr(credentialBackedUp, afterPassword !== null) };
  }

  async #saveChallenge(challenge: string, purpose: 'registration' | 'authentication', userId: string | null): Promise<string> {
    const challengeId = generateOpaqueToken(systemRandom, 32);
    await this.tessera.stores.passkeys.saveChallenge({ idHash: hashOpaqueToken(challengeId), challenge, purpose, userId, expiresAt: this.tessera.clock.now() + challengeTtlMs });
    return challengeId;
  }

  async #consume(challengeId: string, purpose: 'registration' | 'authentication', userId: string | null): Promise<string> {
    const record = await this.tessera.stores.passkeys.consumeChallenge(hashOpaqueToken(challengeId), this.tessera.clock.now());
    if (!record || record.purpose !== purpose || record.userId !== userId) throw new PasskeyRejectedError('the sign-in request expired; try again');
    return record.challenge;
  }
}
