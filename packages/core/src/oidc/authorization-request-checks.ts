import { AuthorizationRefusedError, InvalidScopeError, InvalidTargetError } from '../errors/tessera-error.js';
import { resolveAudience, resolveScope } from '../grants/scope.js';
import type { ClientRecord } from '../model/records.js';
import type { AuthorizationParameters } from './authorization-parameters.js';
import type { AuthorizationRequestFields, PromptValue } from './authorization-request.js';
import { isS256Challenge } from './pkce.js';

/** One step of authorization-request validation: throws `AuthorizationRefusedError` or returns the fields it established. */
export type AuthorizationRequestCheck = (params: AuthorizationParameters, client: ClientRecord) => Partial<AuthorizationRequestFields>;

const refuse = (error: AuthorizationRefusedError['oauthError'], description: string) => new AuthorizationRefusedError(error, description);

/** RFC 6749 §3.1: no parameter twice. `state` is checked here too: a repeated one is never echoed. */
export const checkNoRepeatedParameters: AuthorizationRequestCheck = (params) => {
  for (const name of ['state', 'response_type', 'response_mode', 'scope', 'code_challenge', 'code_challenge_method', 'nonce', 'prompt', 'max_age', 'login_hint', 'resource']) {
    if (params.isRepeated(name)) throw refuse(name === 'resource' ? 'invalid_target' : 'invalid_request', `${name} must be sent once`);
  }
  return {};
};

/** OIDC Core §6: request objects are optional and Tessera does not take them. */
export const checkNoRequestObject: AuthorizationRequestCheck = (params) => {
  if (params.has('request')) throw refuse('request_not_supported', 'request objects are not supported');
  if (params.has('request_uri')) throw refuse('request_uri_not_supported', 'request_uri is not supported');
  return {};
};

/** OAuth 2.1 §4.1.1: the code flow only (no implicit or hybrid responses), answered in the query. */
export const checkResponseType: AuthorizationRequestCheck = (params) => {
  const responseType = params.get('response_type');
  if (responseType === undefined) throw refuse('invalid_request', 'response_type is required');
  if (responseType !== 'code') throw refuse('unsupported_response_type', 'only response_type=code is supported');
  const mode = params.get('response_mode');
  if (mode !== undefined && mode !== 'query') throw refuse('invalid_request', 'only response_mode=query is supported');
  return {};
};

export const checkClientMayUseCodeFlow: AuthorizationRequestCheck = (_params, client) => {
  if (!client.grantTypes.includes('authorization_code')) throw refuse('unauthorized_client', 'client may not use the authorization code flow');
  return {};
};

/** PKCE S256 for every client (OAuth 2.1 §4.1.1); `plain`, the RFC 7636 default, is refused (RFC 9700 §2.1.1). */
export const checkPkce: AuthorizationRequestCheck = (params) => {
  const challenge = params.get('code_challenge', 128);
  if (challenge === undefined) throw refuse('invalid_request', 'code_challenge is required (PKCE S256)');
  if (params.get('code_challenge_method') !== 'S256') throw refuse('invalid_request', 'code_challenge_method must be S256');
  if (!isS256Challenge(challenge)) throw refuse('invalid_request', 'code_challenge is not an S256 challenge');
  return { codeChallenge: challenge };
};

export const checkScope: AuthorizationRequestCheck = (params, client) => {
  let scope: string;
  try {
    scope = resolveScope(client, params.get('scope'));
  } catch (error) {
    if (error instanceof InvalidScopeError) throw refuse('invalid_scope', error.message);
    throw error;
  }
  const scopes = scope.split(' ').filter(Boolean);
  return { scope, scopes, openid: scopes.includes('openid') };
};

/** RFC 8707 §2: one resource; the client's default audience when absent. */
export const checkResource: AuthorizationRequestCheck = (params, client) => {
  try {
    return { audience: resolveAudience(client, params.get('resource')) };
  } catch (error) {
    if (error instanceof InvalidTargetError) throw refuse('invalid_target', error.message);
    throw error;
  }
};

/** OIDC Core §3.1.2.1: `none` stands alone. */
export const checkPrompt: AuthorizationRequestCheck = (params) => {
  const values = (params.get('prompt', 64) ?? '').split(' ').filter(Boolean);
  const known: readonly string[] = ['none', 'login', 'consent'];
  const unknown = values.find((value) => !known.includes(value));
  if (unknown !== undefined) throw refuse('invalid_request', 'prompt must be none, login or consent');
  if (values.includes('none') && values.length > 1) throw refuse('invalid_request', 'prompt=none cannot be combined with other values');
  return { prompt: new Set(values as PromptValue[]) };
};

export const checkMaxAge: AuthorizationRequestCheck = (params) => {
  const maxAge = params.get('max_age', 16);
  if (maxAge === undefined) return { maxAgeSeconds: null };
  if (!/^\d{1,9}$/.test(maxAge)) throw refuse('invalid_request', 'max_age must be a number of seconds');
  return { maxAgeSeconds: Number(maxAge) };
};

export const checkNonceAndHint: AuthorizationRequestCheck = (params) => ({
  nonce: params.get('nonce', 512) ?? null,
  loginHint: params.get('login_hint', 256) ?? null,
});

/** In order: the first failing check names the error, as RFC 6749 §4.1.2.1 has one error per response. */
export const authorizationRequestChecks: readonly AuthorizationRequestCheck[] = [
  checkNoRepeatedParameters,
  checkNoRequestObject,
  checkResponseType,
  checkClientMayUseCodeFlow,
  checkPkce,
  checkScope,
  checkResource,
  checkPrompt,
  checkMaxAge,
  checkNonceAndHint,
];
