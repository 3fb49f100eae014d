import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { registerAuthorizeRoute } from '../oauth/authorize/authorize-route.js';
import { registerConsentRoute } from '../oauth/authorize/consent-route.js';
import { registerEndSessionRoutes } from '../oauth/logout/end-session-route.js';
import { createPageErrorHandler } from './page-error-handler.js';
import { applyPageHeaders } from './page-headers.js';
import type { PagesContext } from './pages-context.js';
import { PreSessionCsrf } from './pre-session-csrf.js';
import { registerAccountApps } from './routes/account-apps.js';
import { registerAccountPage } from './routes/account-page.js';
import { registerAccountPassword } from './routes/account-password.js';
import { registerAccountSessions } from './routes/account-sessions.js';
import { registerAccountDelete } from './routes/account-delete.js';
import { registerAccountPasskeys } from './routes/account-passkeys.js';
import { registerAccountTwoFactor } from './routes/account-two-factor.js';
import { registerLoginPage } from './routes/login-page.js';
import { registerLogoutPage } from './routes/logout-page.js';
import { registerRootRedirect } from './routes/root-redirect.js';
import { registerSignupPage } from './routes/signup-page.js';
import { registerStaticAssets } from './static-assets.js';

/**
 * The hosted pages (`/`, `/signup`, `/login`, `/account`, their form posts, `/assets/*`, and the
 * browser side of OAuth: `/oauth/authorize` and its consent form, `/oauth/logout` and its confirmation) as an
 * encapsulated plugin: its own error handler renders HTML, and its `onSend` hook gives every page
 * the page CSP and headers. Everything else comes from the server: cookie, CSRF, Origin check
 * (a root `onRequest` hook, so it runs before any page's body is read), login throttle, core.
 *
 * @example await registerPages(app, context); // in buildApp, after the server's hooks
 */
export async function registerPages(app: FastifyInstance, context: AppContext): Promise<void> {
  const preSessionCsrf = new PreSessionCsrf(await context.tessera.keys.secret('pages-pre-session-csrf-hmac'));
  await app.register(async (pages) => {
    const assets = await registerStaticAssets(pages);
    const pagesContext: PagesContext = { ...context, assets, preSessionCsrf };
    pages.setErrorHandler(createPageErrorHandler(assets));
    pages.addHook('onSend', async (request, reply, payload) => {
      if (!request.url.startsWith('/assets/')) applyPageHeaders(reply);
      return payload;
    });
    registerRootRedirect(pages, pagesContext);
    registerSignupPage(pages, pagesContext);
    registerLoginPage(pages, pagesContext);
    registerAccountPage(pages, pagesContext);
    registerAccountPassword(pages, pagesContext);
    registerAccountSessions(pages, pagesContext);
    registerAccountApps(pages, pagesContext);
    registerAccountTwoFactor(pages, pagesContext);
    registerAccountPasskeys(pages, pagesContext);
    registerAccountDelete(pages, pagesContext);
    registerLogoutPage(pages, pagesContext);
    // The authorization endpoint answers browsers with pages and redirects, so it lives here,
    // under the pages' headers and HTML error handler (its JSON siblings are in the /oauth plugin).
    registerAuthorizeRoute(pages, pagesContext);
    registerConsentRoute(pages, pagesContext);
    registerEndSessionRoutes(pages, pagesContext);
  });
}
