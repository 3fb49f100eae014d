import { html, type SafeHtml } from '../html.js';
import { formatAbsoluteTime, formatRelativeTime } from '../relative-time.js';
import type { PageAssets } from '../static-assets.js';
import type { DeviceDescription } from '../user-agent.js';
import { errorSummary, field, hasErrors, notice, type FormErrors } from './form-fields.js';
import { describeScope } from './consent-view.js';
import { csrfField, layout } from './layout.js';
import { deleteAccountSection, passkeysSection, twoFactorSection, type AccountSecurityView } from './account-security-view.js';

export interface DeviceRow {
  id: string;
  current: boolean;
  device: DeviceDescription;
  ip: string | null;
  lastSeenAt: number;
  createdAt: number;
}

/** An app login (a live refresh family), named by its client. */
export interface AppRow {
  id: string;
  clientName: string;
  lastUsedAt: number;
  createdAt: number;
}

/** An app holding the user's consent or refresh families ("Apps with access"). */
export interface ConnectedAppRow {
  clientId: string;
  clientName: string;
  scopes: readonly string[];
  since: number;
  lastUsedAt: number;
}

export interface AccountView {
  assets: PageAssets;
  email: string;
  csrfToken: string;
  /** The current device first, then the most recently active. */
  devices: readonly DeviceRow[];
  /** Apps signed in with a refresh token, the most recently active first. */
  apps: readonly AppRow[];
  /** Apps with consent or refresh families, the most recently active first. */
  connectedApps: readonly ConnectedAppRow[];
  now: number;
  notice: string | null;
  passwordErrors: FormErrors;
  minPasswordLength: number;
  security: AccountSecurityView;
}

const passwordOrder = ['current_password', 'new_password'] as const;

export function accountPage(view: AccountView): SafeHtml {
  const others = view.devices.filter((row) => !row.current).length + view.apps.length;
  const total = view.devices.length + view.apps.length;
  const main = html`<div class="page-title">
<h1>Your account</h1>
<p class="lead">Signed in as <strong>${view.email}</strong></p>
</div>
${notice(view.notice)}
<section class="card" aria-labelledby="devices-title">
<div class="section-head">
<h2 id="devices-title">Where you’re signed in</h2>
<p>${total === 1 ? 'Only this device.' : `${total} ${view.apps.length === 0 ? 'devices' : 'devices and apps'}. Sign out any you don’t recognise.`}</p>
</div>
<ul class="devices">
${view.devices.map((row) => deviceItem(row, view))}
${view.apps.map((row) => appItem(row, view))}
</ul>
${others > 0 && html`<form class="inline-form" method="post" action="/account/sessions/sign-out-others">
${csrfField(view.csrfToken)}
<button class="button button--danger" type="submit">Sign out everywhere else</button>
</form>`}
</section>
${view.connectedApps.length > 0 && connectedAppsSection(view)}
<section class="card" aria-labelledby="password-title">
<div class="section-head">
<h2 id="password-title">Change password</h2>
<p>This signs you out on every other device and ends every app session that uses refresh tokens.</p>
</div>
${errorSummary(view.passwordErrors, passwordOrder)}
<form method="post" action="/account/password" novalidate>
${csrfField(view.csrfToken)}
<input type="email" autocomplete="username" value="${view.email}" hidden readonly>
${field({ name: 'current_password', label: 'Current password', type: 'password', autocomplete: 'current-password', errors: view.passwordErrors, order: passwordOrder })}
${field({
  name: 'new_password',
  label: 'New password',
  type: 'password',
  autocomplete: 'new-password',
  hint: `At least ${view.minPasswordLength} characters.`,
  errors: view.passwordErrors,
  order: passwordOrder,
})}
<button class="button button--primary" type="submit">Change password</button>
</form>
</section>
${twoFactorSection(view.security, view.csrfToken)}
${passkeysSection(view.security, view.csrfToken)}
${deleteAccountSection(view.security, view.csrfToken)}`;
  return layout({
    title: 'Your account',
    assets: view.assets,
    main,
    hasErrors: hasErrors(view.passwordErrors) || hasErrors(view.security.twoFactorErrors) || hasErrors(view.security.deleteErrors),
    signedIn: { email: view.email, csrfToken: view.csrfToken },
  });
}

function deviceItem(row: DeviceRow, view: AccountView): SafeHtml {
  const nameId = `device-${row.id}-name`;
  const lastSeen = row.current ? html`Active now` : html`Active ${timeElement(row.lastSeenAt, view.now)}`;
  return html`<li class="${row.current ? 'device device--current' : 'device'}">
${deviceIcon(row.device.kind)}
<div class="device__body">
<p class="device__name" id="${nameId}">${row.device.label}${row.current && html` <span class="badge">This device</span>`}</p>
<p class="device__meta">${row.ip ?? 'Unknown IP address'} · ${lastSeen} · Signed in ${timeElement(row.createdAt, view.now)}</p>
</div>
${!row.current && html`<form class="inline-form" method="post" action="/account/sessions/${row.id}/sign-out">
${csrfField(view.csrfToken)}
<button class="button button--secondary button--small" type="submit">Sign out<span class="visually-hidden"> ${row.device.label}, ${row.ip ?? 'unknown IP address'}</span></button>
</form>`}
</li>`;
}

function appItem(row: AppRow, view: AccountView): SafeHtml {
  const nameId = `app-${row.id}-name`;
  return html`<li class="device">
${deviceIcon('unknown')}
<div class="device__body">
<p class="device__name" id="${nameId}">${row.clientName} <span class="badge">App</span></p>
<p class="device__meta">Active ${timeElement(row.lastUsedAt, view.now)} · Signed in ${timeElement(row.createdAt, view.now)}</p>
</div>
<form class="inline-form" method="post" action="/account/sessions/${row.id}/sign-out">
${csrfField(view.csrfToken)}
<button class="button button--secondary button--small" type="submit">Sign out<span class="visually-hidden"> ${row.clientName}</span></button>
</form>
</li>`;
}

/** Issue 11: the apps with access, each with a CSRF-protected "Remove access" form. */
function connectedAppsSection(view: AccountView): SafeHtml {
  return html`<section class="card" aria-labelledby="apps-title">
<div class="section-head">
<h2 id="apps-title">Apps with access</h2>
<p>Removing an app’s access signs it out and it will ask you again before it can use your account.</p>
</div>
<ul class="devices">
${view.connectedApps.map(
  (row) => html`<li class="device">
${deviceIcon('unknown')}
<div class="device__body">
<p class="device__name">${row.clientName}</p>
<p class="device__meta">${row.scopes.map(describeScope).join(' · ')}</p>
<p class="device__meta">Active ${timeElement(row.lastUsedAt, view.now)} · Allowed ${timeElement(row.since, view.now)}</p>
</div>
<form class="inline-form" method="post" action="/account/apps/${encodeURIComponent(row.clientId)}/withdraw">
${csrfField(view.csrfToken)}
<button class="button button--danger button--small" type="submit">Remove access<span class="visually-hidden"> of ${row.clientName}</span></button>
</form>
</li>`,
)}
</ul>
</section>`;
}

function timeElement(at: number, now: number): SafeHtml {
  return html`<time datetime="${new Date(at).toISOString()}" title="${formatAbsoluteTime(at)}" data-relative>${formatRelativeTime(at, now)}</time>`;
}

const iconPaths: Record<DeviceDescription['kind'], SafeHtml> = {
  desktop: html`<rect x="3" y="4" width="18" height="12" rx="2"/><path d="M8 20h8M12 16v4"/>`,
  phone: html`<rect x="7" y="2.5" width="10" height="19" rx="2"/><path d="M11 18h2"/>`,
  tablet: html`<rect x="4" y="3" width="16" height="18" rx="2"/><path d="M11 18h2"/>`,
  unknown: html`<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18"/>`,
};

function deviceIcon(kind: DeviceDescription['kind']): SafeHtml {
  return html`<svg class="device__icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${iconPaths[kind]}</svg>`;
}
