import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';
import { csrfField, layout, type SignedInHeader } from './layout.js';

export interface LogoutConfirmView {
  assets: PageAssets;
  signedIn: SignedInHeader;
  /** The app that asked, when it could be identified. */
  clientName: string | null;
  /** The validated request's parameters, posted back with the answer (never an ID token). */
  request: Readonly<Record<string, string>>;
}

/**
 * "Sign out?" (OIDC RP-Initiated Logout 1.0 §2: without a valid `id_token_hint` for this session
 * the OP asks, so a link on another site cannot sign the user out). The answer is a form post with
 * the session's CSRF token; nothing is decided by the GET.
 */
export function logoutConfirmPage(view: LogoutConfirmView): SafeHtml {
  const asker = view.clientName === null ? html`An app` : html`<strong>${view.clientName}</strong>`;
  const main = html`<div class="card">
<h1>Sign out of Tessera?</h1>
<p class="lead">${asker} asked to sign you out. You are signed in as <strong>${view.signedIn.email}</strong>.</p>
<form method="post" action="/oauth/logout/confirm">
${csrfField(view.signedIn.csrfToken)}
${Object.entries(view.request).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="actions">
<button class="button button--primary" type="submit" name="decision" value="logout">Sign out</button>
<button class="button button--secondary" type="submit" name="decision" value="stay">Stay signed in</button>
</div>
</form>
</div>`;
  return layout({ title: 'Sign out?', assets: view.assets, main, narrow: true, signedIn: view.signedIn });
}
