/**
 * Second-factor and passkey records. Times are epoch milliseconds. Secrets never appear in the
 * clear: the TOTP seed only encrypted (factors/secret-box.ts), recovery codes only as keyed hashes.
 */

/** A user's TOTP authenticator (RFC 6238). One per user; a new set-up replaces an unconfirmed one. */
export interface TotpFactorRecord {
  userId: string;
  /** The shared seed, AES-256-GCM encrypted under a server secret (`iv.tag.ciphertext`, base64url). */
  secretCiphertext: string;
  createdAt: number;
  /** Set when the user proved the set-up with a code; null while pending (it does not protect the account yet). */
  confirmedAt: number | null;
  /**
   * The last time step (unix seconds / 30) a code was accepted for. A code is accepted only for a
   * later step, so no code works twice (RFC 6238 §5.2), and this is moved forward atomically.
   */
  lastUsedStep: number | null;
}

/** A WebAuthn credential (passkey) registered by a user (WebAuthn Level 3 §4 "credential record"). */
export interface PasskeyRecord {
  /** The credential id, base64url; unique across the store. */
  id: string;
  userId: string;
  /** The user's own label ("MacBook Touch ID"). */
  name: string;
  /** COSE public key, base64url. Public, not a secret. */
  publicKey: string;
  /** The signature counter last seen (§6.1.1); 0 for authenticators that do not count. */
  counter: number;
  /** Transports the authenticator reported (`internal`, `hybrid`, `usb`…), as hints for sign-in. */
  transports: string[];
  /** `singleDevice` or `multiDevice` (the BE flag, §6.1). */
  deviceType: 'singleDevice' | 'multiDevice';
  /** The BS flag: the credential is backed up (synced) now. */
  backedUp: boolean;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A WebAuthn ceremony in flight: the challenge the server issued, spent once (§13.4.3). */
export interface WebAuthnChallengeRecord {
  /** base64url SHA-256 of the handle the client holds. */
  idHash: string;
  /** The challenge, base64url, as the authenticator signs it. */
  challenge: string;
  purpose: 'registration' | 'authentication';
  /** The user for registration and second-factor use; null for a passkey-only sign-in. */
  userId: string | null;
  expiresAt: number;
}
