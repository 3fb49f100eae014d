import type { SecondFactorMethod } from '@tessera/core';
import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';
import { errorSummary, field, hasErrors, type FormErrors } from './form-fields.js';
import { csrfField, layout } from './layout.js';

export interface SecondFactorView {
  assets: PageAssets;
  /** The pre-session CSRF token (the user has no session yet). */
  csrfToken: string;
  mfaToken: string;
  methods: readonly SecondFactorMethod[];
  next: string | null;
  errors: FormErrors;
}

const order = ['code'] as const;

/** The second login step: a code from the authenticator app or a recovery code, or a passkey. */
export function secondFactorPage(view: SecondFactorView): SafeHtml {
  const byCode = view.methods.includes('totp');
  const byPasskey = view.methods.includes('webauthn');
  const main = html`<div class="card">
<h1>Two-step verification</h1>
<p class="lead">${byCode ? 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.' : 'Confirm with one of your passkeys.'}</p>
${errorSummary(view.errors, order)}
${byCode && html`<form method="post" action="/login/mfa" novalidate>
${csrfField(view.csrfToken)}
<input type="hidden" name="mfa_token" value="${view.mfaToken}">
${view.next && html`<input type="hidden" name="next" value="${view.next}">`}
${field({ name: 'code', label: 'Code', type: 'text', autocomplete: 'one-time-code', hint: 'Six digits, or a recovery code like abcd-efgh-jkmn-pqrs.', errors: view.errors, order })}
<button class="button button--primary button--block" type="submit">Verify</button>
</form>`}
${byPasskey && html`<button class="button button--secondary button--block" type="button" hidden data-passkey-sign-in data-mfa-token="${view.mfaToken}" data-next="${view.next ?? '/account'}" data-status="passkey-status">Use a passkey</button>
<p class="hint" id="passkey-status" aria-live="polite"></p>`}
<p class="alternative"><a href="/login">Start again</a></p>
</div>`;
  return layout({ title: 'Two-step verification', assets: view.assets, main, narrow: true, hasErrors: hasErrors(view.errors) });
}
