import type { FastifyReply } from 'fastify';
import { sendPage } from '../../pages/routes/send-page.js';
import type { PageAssets } from '../../pages/static-assets.js';
import { errorPage } from '../../pages/templates/error-view.js';

/**
 * RFC 6749 §4.1.2.1: an unknown client or a redirect URI that is not registered is told to the
 * user, never to the URI (the server would become an open redirector, RFC 9700 §4.11.1).
 */
export function sendAuthorizationErrorPage(reply: FastifyReply, assets: PageAssets, problem: 'unknown_client' | 'bad_redirect_uri'): FastifyReply {
  const message =
    problem === 'unknown_client'
      ? 'The app that sent you here is not registered with this server, so you were not signed in to it.'
      : 'The app that sent you here asked to return to an address it has not registered, so you were not sent there.';
  return sendPage(reply.code(400), errorPage({ assets, status: 400, heading: 'This sign-in link is not valid', message, backHref: '/account', backLabel: 'Go to your account' }));
}
