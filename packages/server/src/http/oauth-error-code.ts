/**
 * The only `error` values `/oauth/*` ever sends: the codes RFC 6749 defines (§4.1.2.1, §5.2) and
 * those in the IANA "OAuth Extensions Error" registry that Tessera's endpoints can mean. A name
 * outside this list breaks strict clients (oauth4webapi, openid-client), which is why the catalog
 * is typed by it: an unregistered name does not compile.
 */
export const oauthErrorCodes = [
  // RFC 6749 §5.2 (token endpoint).
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  // RFC 6749 §4.1.2.1 (authorization endpoint; also what a refused or overloaded request is).
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  // RFC 6750 §3.1 (protected resources).
  'invalid_token',
  'insufficient_scope',
  // RFC 7009 §2.2.1.
  'unsupported_token_type',
  // RFC 8707 §2.
  'invalid_target',
  // OpenID Connect Core 1.0 §3.1.2.6.
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
] as const;

export type OAuthErrorCode = (typeof oauthErrorCodes)[number];
