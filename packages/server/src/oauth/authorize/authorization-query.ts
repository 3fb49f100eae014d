import { authorizePath } from './redirect-source.js';

/** The parameters of an authorization request Tessera reads (OAuth 2.1 §4.1.1, OIDC Core §3.1.2.1, RFC 8707). */
export const authorizationParameterNames = [
  'response_type',
  'response_mode',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'login_hint',
  'resource',
  'request',
  'request_uri',
] as const;

/** The query (or consent form) as a plain record of the parameters above; values as parsed (string or string[]). */
export function authorizationQuery(source: unknown): Record<string, unknown> {
  const record = typeof source === 'object' && source !== null ? (source as Record<string, unknown>) : {};
  const query: Record<string, unknown> = {};
  for (const name of authorizationParameterNames) {
    if (Object.hasOwn(record, name)) query[name] = record[name];
  }
  return query;
}

/** The single-valued parameters, for the consent form to post back. */
export function postableParameters(query: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

/**
 * Where the login page returns to: this request again, without `login` in its prompt (the login
 * about to happen satisfies it; kept, the request would send the user back to log in forever).
 */
export function returnAfterLogin(query: Readonly<Record<string, unknown>>): string {
  const params = new URLSearchParams(postableParameters(query));
  const prompt = (params.get('prompt') ?? '').split(' ').filter((value) => value !== '' && value !== 'login');
  if (prompt.length > 0) params.set('prompt', prompt.join(' '));
  else params.delete('prompt');
  return `${authorizePath}?${params.toString()}`;
}

/** The hosted login for this request; `reauthenticate` shows the form even to a signed-in browser. */
export function loginUrl(query: Readonly<Record<string, unknown>>, reauthenticate: boolean): string {
  const params = new URLSearchParams({ next: returnAfterLogin(query) });
  if (reauthenticate) params.set('prompt', 'login');
  if (typeof query.login_hint === 'string' && query.login_hint !== '') params.set('login_hint', query.login_hint);
  return `/login?${params.toString()}`;
}
