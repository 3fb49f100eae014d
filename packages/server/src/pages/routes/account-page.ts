import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SessionAuth } from '../../app/request-decorations.js';
import { listAppLogins } from '../../auth/app-logins.js';
import { findSession } from '../../auth/session-authentication.js';
import { noticeFrom } from '../notices.js';
import { pageRouteSchema } from '../page-route-schema.js';
import { redirectToLogin } from '../page-session.js';
import { minPasswordLength, type PagesContext } from '../pages-context.js';
import { accountPage, type AppRow, type ConnectedAppRow, type DeviceRow } from '../templates/account-view.js';
import { noErrors, type FormErrors } from '../templates/form-fields.js';
import { describeUserAgent } from '../user-agent.js';
import { sendPage } from './send-page.js';

/** `GET /account`: the signed-in user's devices, app logins, password, two-factor, passkeys and account deletion; without a live session, 303 to /login. */
export function registerAccountPage(app: FastifyInstance, context: PagesContext): void {
  app.get('/account', { schema: pageRouteSchema({ summary: 'The account page: devices, app logins, password', query: ['notice'] }) }, async (request, reply) => {
    const auth = await findSession(context.tessera, request);
    if (!auth) return redirectToLogin(request, reply);
    return renderAccount(context, reply, auth, { notice: noticeFrom(request.query), passwordErrors: noErrors });
  });
}

/** Renders the account page (also with the password form's errors, from `POST /account/password`). */
export async function renderAccount(
  { tessera, assets, relyingParty }: PagesContext,
  reply: FastifyReply,
  auth: SessionAuth,
  state: { notice: string | null; passwordErrors: FormErrors; twoFactorErrors?: FormErrors; deleteErrors?: FormErrors },
): Promise<FastifyReply> {
  const [sessions, appLogins, connected, status, passkeys] = await Promise.all([
    tessera.sessions.list(auth.user.id),
    listAppLogins(tessera, auth.user.id),
    tessera.oidc.connectedApps.list(auth.user.id),
    tessera.factors.status(auth.user.id),
    tessera.stores.passkeys.listByUser(auth.user.id),
  ]);
  const connectedApps: ConnectedAppRow[] = [];
  for (const app of connected) connectedApps.push({ ...app, clientName: (await tessera.clients.find(app.clientId))?.name ?? app.clientId });
  const apps: AppRow[] = appLogins
    .map((login) => ({ id: login.id, clientName: login.client.name, lastUsedAt: login.lastUsedAt, createdAt: login.createdAt }))
    .sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  const devices: DeviceRow[] = sessions
    .map((session) => ({
      id: session.id,
      current: session.id === auth.session.id,
      device: describeUserAgent(session.userAgent),
      ip: displayIp(session.ip),
      lastSeenAt: session.lastSeenAt,
      createdAt: session.createdAt,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);
  return sendPage(
    reply,
    accountPage({
      assets,
      email: auth.user.email,
      csrfToken: tessera.sessions.csrfTokenFor(auth.token),
      devices,
      apps,
      connectedApps,
      now: tessera.clock.now(),
      notice: state.notice,
      passwordErrors: state.passwordErrors,
      minPasswordLength,
      security: {
        status,
        passkeys: passkeys.map((p) => ({ id: p.id, name: p.name, backedUp: p.backedUp, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt })),
        passkeysAtLocalhost: relyingParty.localhostStandIn ? `${relyingParty.origins[0] ?? ''}/account` : null,
        twoFactorErrors: state.twoFactorErrors ?? noErrors,
        deleteErrors: state.deleteErrors ?? noErrors,
        now: tessera.clock.now(),
      },
    }),
  );
}

/** IPv4 clients of a dual-stack listener show up as `::ffff:a.b.c.d`; people know them as `a.b.c.d`. */
function displayIp(ip: string | null): string | null {
  return ip?.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}
