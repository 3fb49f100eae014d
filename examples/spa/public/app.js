// The whole OAuth client of this app: oauth4webapi does the protocol, this file wires it to four
// buttons. Tokens live in this module's memory only (never localStorage): a reload signs the app
// out, and a script injected later cannot read them from storage. Only the PKCE verifier, state
// and nonce survive the redirect to Tessera and back, in sessionStorage, and are removed at once.
import * as oauth from '/vendor/oauth4webapi.js';

const config = await (await fetch('/config.json')).json();
const issuer = new URL(config.issuer);
// oauth4webapi refuses plain http unless told; only a local development issuer is http.
const http = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
const client = { client_id: config.clientId };
const clientAuth = oauth.None(); // a public client: PKCE instead of a secret
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...http }));

let tokens = null;
let user = null;
const $ = (id) => document.getElementById(id);

function render(message, output) {
  $('status').textContent = message;
  $('login').hidden = tokens !== null;
  for (const id of ['call-api', 'refresh', 'logout']) $(id).hidden = tokens === null;
  if (output !== undefined) $('output').textContent = typeof output === 'string' ? output : JSON.stringify(output, null, 2);
}

async function logIn() {
  const pending = { verifier: oauth.generateRandomCodeVerifier(), state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce() };
  sessionStorage.setItem('pending-login', JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    response_type: 'code',
    redirect_uri: config.redirectUri,
    scope: config.scope,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  }).toString();
  location.assign(url);
}

/** Back from Tessera at /callback: checks state and iss, redeems the code, validates the ID token. */
async function finishLogIn() {
  const callback = new URL(location.href);
  const pending = JSON.parse(sessionStorage.getItem('pending-login') ?? 'null');
  sessionStorage.removeItem('pending-login');
  history.replaceState(null, '', '/'); // the code leaves the address bar and the history
  if (pending === null) throw new Error('no login in progress');
  const params = oauth.validateAuthResponse(as, client, callback, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, config.redirectUri, pending.verifier, http);
  tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  user = oauth.getValidatedIdTokenClaims(tokens);
}

async function callApi() {
  const response = await fetch('/api/photos', { headers: { authorization: `Bearer ${tokens.access_token}` } });
  render(`Signed in as ${user.email}`, { status: response.status, body: await response.json() });
}

async function refresh() {
  const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token, http);
  const refreshed = await oauth.processRefreshTokenResponse(as, client, response);
  // A refresh answer may omit the ID token; the one from the login still identifies the session.
  tokens = { ...refreshed, id_token: refreshed.id_token ?? tokens.id_token };
  render(`Signed in as ${user.email}`, `Tokens refreshed; the access token expires in ${refreshed.expires_in} s.`);
}

/** Revokes the refresh token (RFC 7009), then ends the Tessera session (RP-Initiated Logout). */
async function logOut() {
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, tokens.refresh_token, { ...http, additionalParameters: { token_type_hint: 'refresh_token' } }));
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({ client_id: client.client_id, id_token_hint: tokens.id_token, post_logout_redirect_uri: config.postLogoutRedirectUri }).toString();
  tokens = null;
  location.assign(url);
}

function onClick(id, action) {
  $(id).addEventListener('click', () => {
    action().catch((error) => render('Something went wrong', error.error ?? error.message));
  });
}
onClick('login', logIn);
onClick('call-api', callApi);
onClick('refresh', refresh);
onClick('logout', logOut);

if (location.pathname === '/callback') {
  try {
    await finishLogIn();
    render(`Signed in as ${user.email}`, '');
  } catch (error) {
    render('Login failed', error.error ?? error.message);
  }
} else {
  render('Signed out', '');
}
