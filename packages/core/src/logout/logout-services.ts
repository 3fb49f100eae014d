import type { EndSessionRequests } from './end-session-request.js';
import type { LogoutTokenIssuer } from './logout-token-issuer.js';
import type { SessionLogout } from './session-logout.js';

/** OpenID Connect logout: RP-initiated (the end-session endpoint) and back-channel. */
export interface LogoutServices {
  requests: EndSessionRequests;
  /** What ends with a session; `onLogout` is how the server hears whom to tell. */
  sessions: SessionLogout;
  tokens: LogoutTokenIssuer;
}
