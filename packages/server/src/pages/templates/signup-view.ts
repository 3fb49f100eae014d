import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';
import { errorSummary, field, hasErrors, type FormErrors } from './form-fields.js';
import { csrfField, layout } from './layout.js';

export interface SignupView {
  assets: PageAssets;
  csrfToken: string;
  email: string;
  next: string | null;
  errors: FormErrors;
  /** Minimum password length of the core's policy, for the hint. */
  minPasswordLength: number;
}

const order = ['email', 'password'] as const;

export function signupPage(view: SignupView): SafeHtml {
  const loginHref = view.next ? `/login?next=${encodeURIComponent(view.next)}` : '/login';
  const main = html`<div class="card">
<h1>Create an account</h1>
<p class="lead">It takes an email address and a password.</p>
${errorSummary(view.errors, order)}
<form method="post" action="/signup" novalidate>
${csrfField(view.csrfToken)}
${view.next && html`<input type="hidden" name="next" value="${view.next}">`}
${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'username', value: view.email, errors: view.errors, order })}
${field({
  name: 'password',
  label: 'Password',
  type: 'password',
  autocomplete: 'new-password',
  hint: `At least ${view.minPasswordLength} characters. A few unrelated words make a strong, memorable password.`,
  errors: view.errors,
  order,
})}
<button class="button button--primary button--block" type="submit">Create account</button>
</form>
<p class="alternative">Already have an account? <a href="${loginHref}">Sign in</a></p>
</div>`;
  return layout({ title: 'Create an account', assets: view.assets, main, narrow: true, hasErrors: hasErrors(view.errors) });
}
