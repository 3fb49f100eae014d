import { RateLimitedError, TesseraError } from '@tessera/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorCatalog, type ErrorCode } from '../http/error-catalog.js';
import { HttpProblem } from '../http/http-problem.js';
import { applyPageHeaders } from './page-headers.js';
import type { PageAssets } from './static-assets.js';
import { errorPage } from './templates/error-view.js';

interface Explained {
  heading: string;
  message: string;
}

const explanations: Partial<Record<ErrorCode, Explained>> = {
  origin_refused: {
    heading: 'Request refused',
    message: 'This form was sent from another website, so it was not accepted. Nothing was changed.',
  },
  csrf_failed: {
    heading: 'This form has expired',
    message: 'For your security, the form could not be accepted. Nothing was changed. Go back, reload the page and try again.',
  },
  rate_limited: { heading: 'Too many attempts', message: 'Please wait a few minutes and try again.' },
  store_unavailable: { heading: 'Temporarily unavailable', message: 'Tessera could not reach its storage. Please try again in a moment.' },
  shutting_down: { heading: 'Temporarily unavailable', message: 'This server is restarting. Please try again in a moment.' },
  not_found: { heading: 'Not found', message: 'There is nothing at this address.' },
};

const fallback4xx: Explained = { heading: 'That did not work', message: 'The request could not be understood. Go back and try again.' };
const fallback5xx: Explained = { heading: 'Something went wrong', message: 'Tessera could not complete this request. Please try again.' };

/**
 * The pages' error handler: the same classification as the JSON API's (`errorCatalog`), rendered as
 * a page with a way back. Expected form errors (wrong password, weak password) never reach it:
 * the routes re-render their forms. This covers refusals (Origin check, CSRF) and failures.
 */
export function createPageErrorHandler(assets: PageAssets) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const { status, code } = classify(error);
    if (status >= 500) request.log.error({ err: error, code }, 'page request failed');
    const explained = (code && explanations[code]) ?? (status >= 500 ? fallback5xx : fallback4xx);
    if (error instanceof RateLimitedError) void reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    if (status === 503) void reply.header('retry-after', '1');
    if (error instanceof HttpProblem) void reply.headers(error.headers);
    applyPageHeaders(reply);
    const back = backLink(request.url);
    void reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(errorPage({ assets, status, ...explained, backHref: back.href, backLabel: back.label }).toString());
  };
}

function classify(error: unknown): { status: number; code: ErrorCode | null } {
  if (error instanceof HttpProblem) return { status: error.status, code: error.code };
  if (error instanceof TesseraError) return { status: errorCatalog[error.code].status, code: error.code };
  const statusCode = (error as Partial<FastifyError> | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return { status: statusCode, code: null };
  return { status: 500, code: 'server_error' };
}

function backLink(url: string): { href: string; label: string } {
  if (url.startsWith('/account') || url.startsWith('/logout')) return { href: '/account', label: 'Back to your account' };
  if (url.startsWith('/signup')) return { href: '/signup', label: 'Back to sign-up' };
  return { href: '/login', label: 'Go to sign in' };
}
