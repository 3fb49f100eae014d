import { html, type SafeHtml } from '../html.js';
import type { PageAssets } from '../static-assets.js';
import { layout } from './layout.js';

export interface ErrorView {
  assets: PageAssets;
  status: number;
  heading: string;
  message: string;
  /** Where "try again" leads: always a fixed path of these pages. */
  backHref: string;
  backLabel: string;
}

/** A refusal or failure as a page (CSRF, cross-origin post, store outage): what happened and a way back. */
export function errorPage(view: ErrorView): SafeHtml {
  const main = html`<div class="card">
<h1>${view.heading}</h1>
<p class="lead">${view.message}</p>
<p><a class="button button--primary" href="${view.backHref}">${view.backLabel}</a></p>
<p class="hint">Error ${view.status}</p>
</div>`;
  return layout({ title: view.heading, assets: view.assets, main, narrow: true });
}
