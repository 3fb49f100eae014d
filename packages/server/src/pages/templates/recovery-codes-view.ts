import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';
import { layout } from './layout.js';

export interface RecoveryCodesView {
  assets: PageAssets;
  email: string;
  csrfToken: string;
  codes: readonly string[];
  /** True right after set-up, false after a regeneration. */
  justEnabled: boolean;
}

/** The recovery codes, shown this once (only their hashes are kept). */
export function recoveryCodesPage(view: RecoveryCodesView): SafeHtml {
  const main = html`<div class="page-title">
<h1>${view.justEnabled ? 'Two-factor authentication is on' : 'New recovery codes'}</h1>
<p class="lead">Save these recovery codes somewhere safe. Each one signs you in once if you lose your phone. They are shown only now.</p>
</div>
<section class="card" aria-labelledby="codes-title">
<h2 id="codes-title">Your recovery codes</h2>
${!view.justEnabled && html`<p>Your old recovery codes no longer work.</p>`}
<ol class="recovery-codes">
${view.codes.map((code) => html`<li><code>${code}</code></li>`)}
</ol>
<a class="button button--primary" href="/account">I have saved them</a>
</section>`;
  return layout({ title: view.justEnabled ? 'Two-factor authentication is on' : 'New recovery codes', assets: view.assets, main, signedIn: { email: view.email, csrfToken: view.csrfToken } });
}
