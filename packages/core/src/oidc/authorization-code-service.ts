import { generateOpaqueToken, hashOpaqueToken } from '../crypto/opaque-token.js';
import { InvalidGrantError } from '../errors/tessera-error.js';
import type { AuthorizationCodeRecord, ClientRecord } from '../model/records.js';
import type { AuthorizationCodeStore } from '../ports/authorization-code-store.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { CoreSettings } from '../settings/core-settings.js';
import { verifiesS256Challenge } from './pkce.js';

/** What an issued code stands for: everything the token request must match and the tokens carry. */
export type AuthorizationCodeGrantInput = Omit<AuthorizationCodeRecord, 'codeHash' | 'createdAt' | 'expiresAt' | 'consumedAt' | 'familyId'>;

export interface RedeemCodeInput {
  code: string | undefined;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

/** 256 bits, twice what OAuth 2.1 §4.1.2 and ASVS ask of a code. */
const codeBytes = 32;
/** A code is consumed within seconds of its issue; RFC 6749 §4.1.2 allows ten minutes, Tessera one. */
const maxCodeTtlSeconds = 60;

/**
 * Authorization codes: random, stored only hashed, short-lived and single-use (the store's atomic
 * `consume`). A code presented a second time is an attack (RFC 6749 §4.1.2, RFC 9700 §4.5.3.1):
 * the caller gets `invalid_grant` and `onReuse` revokes what the first redemption issued.
 */
export class AuthorizationCodeService {
  constructor(
    private readonly store: AuthorizationCodeStore,
    private readonly settings: Pick<CoreSettings, 'authorizationCodeTtlSeconds'>,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly onReuse: (code: AuthorizationCodeRecord & { familyId: string }) => Promise<void>,
  ) {}

  /** Returns the code for the redirect; only its hash is stored. */
  async issue(grant: AuthorizationCodeGrantInput): Promise<string> {
    const code = generateOpaqueToken(this.random, codeBytes);
    const now = this.clock.now();
    const ttlSeconds = Math.min(this.settings.authorizationCodeTtlSeconds, maxCodeTtlSeconds);
    await this.store.create({ ...grant, codeHash: hashOpaqueToken(code), createdAt: now, expiresAt: now + ttlSeconds * 1000, consumedAt: null, familyId: null });
    return code;
  }

  /**
   * Spends the code for `client` (RFC 6749 §4.1.3): it must have been issued to that client for that
   * exact redirect URI, and the verifier must match its PKCE challenge (RFC 7636 §4.6). Every failure
   * is `invalid_grant` with nothing said about which binding failed. The code is spent before the
   * bindings are checked, so a leaked code tried with a wrong verifier is dead for everyone.
   */
  async redeem(client: ClientRecord, input: RedeemCodeInput): Promise<AuthorizationCodeRecord> {
    if (input.code === undefined || input.code === '' || input.code.length > 128) throw new InvalidGrantError('authorization code is not valid');
    const codeHash = hashOpaqueToken(input.code);
    const result = await this.store.consume(codeHash, this.clock.now());
    switch (result.outcome) {
      case 'consumed':
        break;
      case 'already_consumed': {
        const { code } = result;
        if (code.familyId !== null) await this.onReuse({ ...code, familyId: code.familyId });
        throw new InvalidGrantError('authorization code was already used; the tokens it issued are revoked');
      }
      case 'expired':
      case 'not_found':
        throw new InvalidGrantError('authorization code is not valid');
    }
    const { code } = result;
    if (code.clientId !== client.id || code.redirectUri !== input.redirectUri || !verifiesS256Challenge(input.codeVerifier, code.codeChallenge)) {
      throw new InvalidGrantError('authorization code is not valid for this request');
    }
    return code;
  }

  /** Records what the redemption of this code issued (its refresh family or token `sid`), for `onReuse`. */
  async attachFamily(code: AuthorizationCodeRecord, familyId: string): Promise<void> {
    await this.store.attachFamily(code.codeHash, familyId);
  }
}
