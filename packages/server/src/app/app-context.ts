import type { Tessera } from '@tessera/core';
import type { UserEmailCache } from '../auth/user-email-cache.js';
import type { PasskeyCeremonies } from '../passkeys/passkey-ceremonies.js';
import type { RelyingParty } from '../passkeys/relying-party.js';
import type { ServerConfig } from '../config/config-options.js';
import type { ServerMetrics } from '../observability/metrics.js';
import type { Readiness } from '../observability/readiness.js';
import type { LoginThrottle } from '../security/login-throttle.js';
import type { RevokeRateLimit } from '../security/revoke-rate-limit.js';
import type { SignupThrottle } from '../security/signup-throttle.js';

/** What every route group gets: the composed core and the server's own services. */
export interface AppContext {
  tessera: Tessera;
  config: ServerConfig;
  throttle: LoginThrottle;
  signupThrottle: SignupThrottle;
  revokeLimit: RevokeRateLimit;
  metrics: ServerMetrics;
  readiness: Readiness;
  emailCache: UserEmailCache;
  /** WebAuthn registration and sign-in, for the relying party `relyingParty`. */
  passkeys: PasskeyCeremonies;
  relyingParty: RelyingParty;
}
