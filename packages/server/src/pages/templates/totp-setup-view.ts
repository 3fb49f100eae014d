import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';
import { errorSummary, field, hasErrors, type FormErrors } from './form-fields.js';
import { csrfField, layout } from './layout.js';

export interface TotpSetupView {
  assets: PageAssets;
  email: string;
  csrfToken: string;
  /** Base32, shown grouped by four for typing. */
  secret: string;
  errors: FormErrors;
}

const order = ['code'] as const;

/** Step two of the set-up: scan (or type) the secret, then prove it with a code. */
export function totpSetupPage(view: TotpSetupView): SafeHtml {
  const grouped = view.secret.match(/.{1,4}/g)?.join(' ') ?? view.secret;
  const main = html`<div class="page-title">
<h1>Set up two-factor authentication</h1>
<p class="lead">Use an authenticator app such as 1Password, Google Authenticator or Aegis.</p>
</div>
<section class="card" aria-labelledby="scan-title">
<h2 id="scan-title">1. Scan this code</h2>
<img class="qr-code" src="/account/two-factor/qr.svg" width="220" height="220" alt="QR code for your authenticator app. If you cannot scan it, type the key below.">
<p>Can’t scan it? Enter this key in the app instead:</p>
<p class="secret-key"><code id="totp-secret" data-secret="${view.secret}">${grouped}</code></p>
</section>
<section class="card" aria-labelledby="confirm-title">
<h2 id="confirm-title">2. Enter the code the app shows</h2>
${errorSummary(view.errors, order)}
<form method="post" action="/account/two-factor/confirm" novalidate>
${csrfField(view.csrfToken)}
${field({ name: 'code', label: '6-digit code', type: 'text', autocomplete: 'one-time-code', errors: view.errors, order })}
<button class="button button--primary" type="submit">Turn on two-factor</button>
<a class="button button--secondary" href="/account">Cancel</a>
</form>
</section>`;
  return layout({ title: 'Set up two-factor authentication', assets: view.assets, main, hasErrors: hasErrors(view.errors), signedIn: { email: view.email, csrfToken: view.csrfToken } });
}
