import type { SecondFactorStatus } from '@tessera/core';
import { html, type SafeHtml } from '../html.js';
import { formatRelativeTime } from '../relative-time.js';
import { errorSummary, field, type FormErrors } from './form-fields.js';
import { csrfField } from './layout.js';

export interface PasskeyRow {
  id: string;
  name: string;
  backedUp: boolean;
  createdAt: number;
  lastUsedAt: number | null;
}

/** The account page's two-factor, passkey and delete-account sections. */
export interface AccountSecurityView {
  status: SecondFactorStatus;
  passkeys: readonly PasskeyRow[];
  /** The relying party is `localhost` because the issuer is an IP address (see relying-party.ts). */
  passkeysAtLocalhost: string | null;
  twoFactorErrors: FormErrors;
  deleteErrors: FormErrors;
  now: number;
}

const proofOrder = ['password', 'code'] as const;

export function twoFactorSection(view: AccountSecurityView, csrfToken: string): SafeHtml {
  const on = view.status.totp === 'on';
  return html`<section class="card" aria-labelledby="two-factor-title">
<div class="section-head">
<h2 id="two-factor-title">Two-factor authentication ${on ? html`<span class="badge badge--on">On</span>` : html`<span class="badge">Off</span>`}</h2>
<p>${on ? `Signing in needs a code from your authenticator app. ${view.status.recoveryCodesLeft} of 10 recovery codes left.` : 'Add a code from an authenticator app to every sign-in with your password.'}</p>
</div>
${on ? twoFactorOnForms(view, csrfToken) : html`<form class="inline-form" method="post" action="/account/two-factor/setup">
${csrfField(csrfToken)}
<button class="button button--primary" type="submit">Set up two-factor</button>
</form>`}
</section>`;
}

function twoFactorOnForms(view: AccountSecurityView, csrfToken: string): SafeHtml {
  return html`${errorSummary(view.twoFactorErrors, proofOrder, { password: 'two-factor-password', code: 'two-factor-code' })}
<form method="post" action="/account/two-factor/manage" novalidate>
${csrfField(csrfToken)}
<p class="hint">To change this, confirm with your password or a current code.</p>
${field({ name: 'password', id: 'two-factor-password', label: 'Password', type: 'password', autocomplete: 'current-password', errors: view.twoFactorErrors, order: proofOrder })}
${field({ name: 'code', id: 'two-factor-code', label: 'Or a code from your app', type: 'text', autocomplete: 'one-time-code', errors: view.twoFactorErrors, order: proofOrder })}
<div class="button-row">
<button class="button button--secondary" type="submit" name="action" value="regenerate">New recovery codes</button>
<button class="button button--danger" type="submit" name="action" value="disable">Turn off two-factor</button>
</div>
</form>`;
}

export function passkeysSection(view: AccountSecurityView, csrfToken: string): SafeHtml {
  return html`<section class="card" aria-labelledby="passkeys-title">
<div class="section-head">
<h2 id="passkeys-title">Passkeys</h2>
<p>Sign in with your fingerprint, face or device PIN instead of a password. A passkey also works as the second step.</p>
${view.passkeysAtLocalhost && html`<p class="hint">This server’s address is an IP address, which passkeys cannot use: open these pages at <a href="${view.passkeysAtLocalhost}">${view.passkeysAtLocalhost}</a> to add or use one.</p>`}
</div>
${view.passkeys.length > 0 && html`<ul class="devices">${view.passkeys.map((row) => passkeyItem(row, view.now, csrfToken))}</ul>`}
<form class="passkey-add" method="post" action="/account" hidden data-passkey-register data-status="passkey-add-status">
${csrfField(csrfToken)}
<div class="field">
<label for="passkey-name">Name for the new passkey</label>
<input id="passkey-name" name="name" type="text" autocomplete="off" maxlength="64" value="Passkey ${view.passkeys.length + 1}">
</div>
<button class="button button--primary" type="submit">Add a passkey</button>
<p class="hint" id="passkey-add-status" aria-live="polite"></p>
</form>
<noscript><p class="hint">Adding a passkey needs JavaScript.</p></noscript>
</section>`;
}

function passkeyItem(row: PasskeyRow, now: number, csrfToken: string): SafeHtml {
  const used = row.lastUsedAt === null ? 'Not used yet' : `Last used ${formatRelativeTime(row.lastUsedAt, now)}`;
  return html`<li class="device">
<div class="device__body">
<p class="device__name">${row.name}${row.backedUp && html` <span class="badge">Synced</span>`}</p>
<p class="device__meta">Added ${formatRelativeTime(row.createdAt, now)} · ${used}</p>
<form class="inline-form passkey-rename" method="post" action="/account/passkeys/${row.id}/rename">
${csrfField(csrfToken)}
<label class="visually-hidden" for="rename-${row.id}">New name for ${row.name}</label>
<input id="rename-${row.id}" name="name" type="text" autocomplete="off" maxlength="64" value="${row.name}">
<button class="button button--secondary button--small" type="submit">Rename</button>
</form>
</div>
<form class="inline-form" method="post" action="/account/passkeys/${row.id}/remove">
${csrfField(csrfToken)}
<button class="button button--secondary button--small" type="submit">Remove<span class="visually-hidden"> ${row.name}</span></button>
</form>
</li>`;
}

const deleteOrder = ['delete_password'] as const;

export function deleteAccountSection(view: AccountSecurityView, csrfToken: string): SafeHtml {
  return html`<section class="card card--danger" aria-labelledby="delete-title">
<div class="section-head">
<h2 id="delete-title">Delete account</h2>
<p>This deletes your account and signs you out everywhere, in every app. It cannot be undone.</p>
</div>
${errorSummary(view.deleteErrors, deleteOrder)}
<form method="post" action="/account/delete" novalidate>
${csrfField(csrfToken)}
${field({ name: 'delete_password', label: 'Your password', type: 'password', autocomplete: 'current-password', errors: view.deleteErrors, order: deleteOrder })}
<div class="button-row">
<button class="button button--danger" type="submit">Delete my account</button>
${view.passkeys.length > 0 && html`<button class="button button--secondary" type="button" hidden data-passkey-delete-account data-csrf-token="${csrfToken}" data-status="delete-status">Delete with a passkey</button>`}
</div>
<p class="hint" id="delete-status" aria-live="polite"></p>
</form>
</section>`;
}
