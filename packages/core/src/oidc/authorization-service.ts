import { AuthorizationRefusedError } from '../errors/tessera-error.js';
import type { ClientRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { AuthorizationCodeService } from './authorization-code-service.js';
import { AuthorizationParameters } from './authorization-parameters.js';
import { validateAuthorizationRequest, type AuthorizationRequest, type AuthorizationTarget } from './authorization-request.js';
import { resolveAuthorizationTarget } from './authorization-target.js';
import type { ConsentPolicy } from './consent-policy.js';

/** The browser session an authorization request comes with, as the endpoint sees it. */
export interface AuthorizingSession {
  id: string;
  userId: string;
  /** Epoch ms of the login that started the session (sessions are new at every login). */
  authTime: number;
  /** RFC 8176 methods of that login. */
  amr: readonly string[];
}

/** What the endpoint does next: send the user to log in, ask for consent, or answer with a code. */
export type AuthorizationStep = 'login' | 'consent' | 'issue';

/**
 * The authorization endpoint's logic (OAuth 2.1 §4.1, OIDC Core §3.1.2), framework-free: the
 * route reads the query, calls these in order, and renders or redirects.
 */
export class AuthorizationService {
  constructor(
    private readonly findClient: (id: string) => Promise<ClientRecord | null>,
    private readonly consents: ConsentPolicy,
    private readonly codes: AuthorizationCodeService,
    private readonly clock: Clock,
  ) {}

  /** Who asks and where the answer may go; throws the errors that must not be redirected (authorization-target.ts). */
  target(query: Readonly<Record<string, unknown>>): Promise<AuthorizationTarget> {
    return resolveAuthorizationTarget(new AuthorizationParameters(query), this.findClient);
  }

  /** The rest of the request; throws `AuthorizationRefusedError`, sent back to `target`. */
  validate(target: AuthorizationTarget, query: Readonly<Record<string, unknown>>): AuthorizationRequest {
    return validateAuthorizationRequest(target, new AuthorizationParameters(query));
  }

  /**
   * The next step for this request and session. `prompt=login` and an exceeded `max_age` ask for a
   * fresh login; the caller must drop `login` from the prompt of the URL the login returns to, or
   * the request would ask again forever. With `prompt=none` any interaction needed is an error
   * instead (OIDC Core §3.1.2.6: `login_required`, `consent_required`).
   */
  async nextStep(request: AuthorizationRequest, session: AuthorizingSession | null): Promise<AuthorizationStep> {
    const silent = request.prompt.has('none');
    if (session === null || request.prompt.has('login') || this.#tooOld(request, session)) {
      if (silent) throw new AuthorizationRefusedError('login_required', 'the user is not logged in');
      return 'login';
    }
    if (await this.consents.isRequired(session.userId, request.client, request.scopes, request.prompt.has('consent'))) {
      if (silent) throw new AuthorizationRefusedError('consent_required', 'the user has not allowed this client these scopes');
      return 'consent';
    }
    return 'issue';
  }

  /** The user allowed the request on the consent page: remembered for next time, answered with a code. */
  async approve(request: AuthorizationRequest, session: AuthorizingSession): Promise<string> {
    await this.consents.remember(session.userId, request.client.id, request.scopes);
    return this.issueCode(request, session);
  }

  /** RFC 6749 §4.1.2.1 `access_denied`: the user said no on the consent page. */
  deny(): AuthorizationRefusedError {
    return new AuthorizationRefusedError('access_denied', 'the user denied the request');
  }

  async issueCode(request: AuthorizationRequest, session: AuthorizingSession): Promise<string> {
    return this.codes.issue({
      clientId: request.client.id,
      userId: session.userId,
      redirectUri: request.redirectUri,
      scope: request.scope,
      audience: request.audience,
      codeChallenge: request.codeChallenge,
      nonce: request.nonce,
      sessionId: session.id,
      authTime: session.authTime,
      amr: [...session.amr],
    });
  }

  /** OIDC Core §3.1.2.1 `max_age`, in whole seconds so that a login that just happened always fits. */
  #tooOld(request: AuthorizationRequest, session: AuthorizingSession): boolean {
    return request.maxAgeSeconds !== null && Math.floor((this.clock.now() - session.authTime) / 1000) > request.maxAgeSeconds;
  }
}
