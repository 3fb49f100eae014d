import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';
import { csrfField, layout, type SignedInHeader } from './layout.js';

export interface ConsentView {
  assets: PageAssets;
  signedIn: SignedInHeader;
  clientName: string;
  /** Where the answer goes (scheme and host of the redirect URI), so the user sees who asks. */
  destination: string;
  scopes: readonly string[];
  /** The authorization request's parameters, posted back unchanged with the answer. */
  request: Readonly<Record<string, string>>;
}

/** What each scope means, in words for the person asked (OIDC Core §5.4 for the standard ones). */
const scopeDescriptions: Readonly<Record<string, string>> = {
  openid: 'Confirm that you are signed in, and your account ID',
  email: 'See your email address',
  profile: 'See your basic profile',
  offline_access: 'Stay connected when you are not using it',
};

export function describeScope(scope: string): string {
  return Object.hasOwn(scopeDescriptions, scope) ? (scopeDescriptions[scope] ?? scope) : `Use “${scope}”`;
}

/**
 * The consent page (OIDC Core §3.1.2.4): which app asks, where it will send you, and what it may
 * do, with Allow and Deny. Both post the request back to `/oauth/authorize/consent` with the
 * session's CSRF token; nothing is decided by a GET.
 */
export function consentPage(view: ConsentView): SafeHtml {
  const main = html`<div class="card">
<h1>Allow ${view.clientName}?</h1>
<p class="lead"><strong>${view.clientName}</strong> (${view.destination}) wants to use your Tessera account, signed in as <strong>${view.signedIn.email}</strong>.</p>
<h2 id="scopes-title">It will be able to</h2>
<ul class="scopes" aria-labelledby="scopes-title">
${view.scopes.map((scope) => html`<li>${describeScope(scope)}</li>`)}
</ul>
<form method="post" action="/oauth/authorize/consent">
${csrfField(view.signedIn.csrfToken)}
${Object.entries(view.request).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="actions">
<button class="button button--primary" type="submit" name="decision" value="allow">Allow</button>
<button class="button button--secondary" type="submit" name="decision" value="deny">Deny</button>
</div>
</form>
<p class="hint">You can withdraw this later from your account page.</p>
</div>`;
  return layout({ title: `Allow ${view.clientName}?`, assets: view.assets, main, narrow: true, signedIn: view.signedIn });
}
