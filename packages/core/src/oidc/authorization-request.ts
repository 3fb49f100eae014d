import type { ClientRecord } from '../model/records.js';
import type { AuthorizationParameters } from './authorization-parameters.js';
import { authorizationRequestChecks } from './authorization-request-checks.js';

/** What the authorization endpoint has established before it may send anything back to the client. */
export interface AuthorizationTarget {
  client: ClientRecord;
  /** Registered (exactly, or as a loopback URI with another port): safe to redirect to. */
  redirectUri: string;
  /** Echoed in every redirect; null when absent (or repeated, which a check then refuses). */
  state: string | null;
}

export type PromptValue = 'none' | 'login' | 'consent';

/** A validated authorization request (OAuth 2.1 §4.1.1, OIDC Core §3.1.2.1). */
export interface AuthorizationRequest extends AuthorizationTarget {
  /** Space-delimited, each a scope the client may request. */
  scope: string;
  scopes: string[];
  /** The scope has `openid`: an OpenID Connect request, answered with an ID token. */
  openid: boolean;
  /** RFC 8707 `resource`, or the client's default audience. */
  audience: string;
  /** PKCE S256 challenge. */
  codeChallenge: string;
  nonce: string | null;
  prompt: ReadonlySet<PromptValue>;
  maxAgeSeconds: number | null;
  loginHint: string | null;
}

export type AuthorizationRequestFields = Omit<AuthorizationRequest, keyof AuthorizationTarget>;

/**
 * Validates the rest of the request once its target is known, as a table of named checks (each
 * in authorization-request-checks.ts). Every refusal is an `AuthorizationRefusedError`, which the
 * endpoint sends back to `target.redirectUri` (RFC 6749 §4.1.2.1).
 */
export function validateAuthorizationRequest(target: AuthorizationTarget, params: AuthorizationParameters): AuthorizationRequest {
  const fields: Partial<AuthorizationRequestFields> = {};
  for (const check of authorizationRequestChecks) Object.assign(fields, check(params, target.client));
  return { ...target, ...(fields as AuthorizationRequestFields) };
}
