import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';

export interface SignedInHeader {
  email: string;
  csrfToken: string;
}

export interface LayoutOptions {
  /** The page's own name; the document title becomes "<title> – Tessera", prefixed with "Error: " when `hasErrors`. */
  title: string;
  assets: PageAssets;
  main: SafeHtml;
  hasErrors?: boolean;
  /** The narrow single-card layout of the sign-in and sign-up forms. */
  narrow?: boolean;
  signedIn?: SignedInHeader | null;
}

/**
 * The document around every page: `lang`, viewport, the hashed stylesheet and deferred module
 * script, a skip link, and the banner / main / contentinfo landmarks (WCAG 2.2 SC 1.3.1, 2.4.1,
 * 3.1.1). The title says "Error:" first when the form has errors (GOV.UK's pattern), so screen
 * reader users hear it on load.
 */
export function layout(options: LayoutOptions): SafeHtml {
  const title = `${options.hasErrors ? 'Error: ' : ''}${options.title} – Tessera`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<link rel="stylesheet" href="${options.assets.stylesheetUrl}">
<script type="module" src="${options.assets.scriptUrl}"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="site-header__inner">
<a class="brand" href="/">${brandMark}<span>Tessera</span></a>
${options.signedIn && signedInBar(options.signedIn)}
</div>
</header>
<main id="main" tabindex="-1" class="${options.narrow ? 'page page--narrow' : 'page'}">
${options.main}
</main>
<footer class="site-footer">
<p>Protected by Tessera: server-side sessions, CSRF tokens and a strict Content-Security-Policy.</p>
</footer>
</body>
</html>
`;
}

function signedInBar(user: SignedInHeader): SafeHtml {
  return html`<div class="site-header__user">
<span class="site-header__email">${user.email}</span>
<form class="inline-form" method="post" action="/logout">
${csrfField(user.csrfToken)}
<button class="button button--secondary button--small" type="submit">Sign out</button>
</form>
</div>`;
}

/** The hidden CSRF field every POST form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf_token" value="${token}">`;
}

const brandMark = html`<svg class="brand__mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M3 3h8v8H3zm10 0h8v8h-8zM3 13h8v8H3zm10 0h8v8h-8z" opacity=".35"/><path fill="currentColor" d="M3 3h8v8H3zm10 10h8v8h-8z"/></svg>`;
