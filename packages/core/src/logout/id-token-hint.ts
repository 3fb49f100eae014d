import { compactVerify, createLocalJWKSet } from 'jose';
import { LogoutRefusedError } from '../errors/tessera-error.js';
import type { KeyManager } from '../keys/key-manager.js';
import type { CoreSettings } from '../settings/core-settings.js';

/** What a verified `id_token_hint` tells the logout endpoint. */
export interface IdTokenHint {
  sub: string;
  /** The client(s) it was issued to. */
  audiences: string[];
  /** The browser session it was issued in (null for a token without one). */
  sid: string | null;
}

/** Longer than any ID token this server issues (a few hundred bytes, RS256 included). */
const maxHintLength = 8192;

/**
 * Verifies an `id_token_hint` (OIDC RP-Initiated Logout 1.0 §2): signed by one of our own
 * published keys (algorithms pinned to theirs, RFC 8725 §3.1), our `iss`, `typ: JWT` (so an access
 * token, `at+jwt`, is no hint). Expiry is not checked: the RP "need not be concerned if the ID
 * token is expired" (§2), and a logout that follows a long visit presents an old ID token.
 */
export class IdTokenHintVerifier {
  constructor(
    private readonly keys: KeyManager,
    private readonly settings: Pick<CoreSettings, 'issuer'>,
  ) {}

  async verify(hint: string): Promise<IdTokenHint> {
    if (hint.length > maxHintLength) throw refused();
    let payload: Record<string, unknown>;
    try {
      const verified = await compactVerify(hint, createLocalJWKSet(this.keys.jwks()), { algorithms: this.keys.algorithms() });
      if (verified.protectedHeader.typ !== 'JWT') throw refused();
      payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
    } catch {
      throw refused();
    }
    return hintClaims(payload, this.settings.issuer);
  }
}

function hintClaims(payload: Record<string, unknown>, issuer: string): IdTokenHint {
  const { iss, sub, aud, sid } = payload;
  if (iss !== issuer || typeof sub !== 'string' || sub === '') throw refused();
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((value): value is string => typeof value === 'string') : [];
  if (audiences.length === 0) throw refused();
  return { sub, audiences, sid: typeof sid === 'string' ? sid : null };
}

function refused(): LogoutRefusedError {
  return new LogoutRefusedError('bad_id_token_hint', 'id_token_hint is not an ID token this server issued');
}
