import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';
import { errorSummary, field, hasErrors, notice, type FormErrors } from './form-fields.js';
import { csrfField, layout } from './layout.js';

export interface LoginView {
  assets: PageAssets;
  csrfToken: string;
  email: string;
  /** A validated same-origin path, carried through the form. */
  next: string | null;
  errors: FormErrors;
  notice: string | null;
  /** Where the passkey button goes after signing in (the validated `next`, or the landing page). */
  passkeyNext: string;
}

const order = ['email', 'password'] as const;

export function loginPage(view: LoginView): SafeHtml {
  const signupHref = view.next ? `/signup?next=${encodeURIComponent(view.next)}` : '/signup';
  const main = html`<div class="card">
<h1>Sign in</h1>
<p class="lead">Use your Tessera account.</p>
${notice(view.notice)}
${errorSummary(view.errors, order)}
<form method="post" action="/login" novalidate>
${csrfField(view.csrfToken)}
${view.next && html`<input type="hidden" name="next" value="${view.next}">`}
${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'username', value: view.email, errors: view.errors, order })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', errors: view.errors, order })}
<button class="button button--primary button--block" type="submit">Sign in</button>
</form>
<div class="passkey-sign-in">
<button class="button button--secondary button--block" type="button" hidden data-passkey-sign-in data-next="${view.passkeyNext}" data-status="passkey-status">Use a passkey instead</button>
<p class="hint" id="passkey-status" aria-live="polite"></p>
</div>
<p class="alternative">New to Tessera? <a href="${signupHref}">Create an account</a></p>
</div>`;
  return layout({ title: 'Sign in', assets: view.assets, main, narrow: true, hasErrors: hasErrors(view.errors) });
}
