import { InvalidInputError, RateLimitedError, TesseraError, WeakPasswordError } from '@tessera/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { errorCatalog, type ErrorCode } from './error-catalog.js';
import { HttpProblem } from './http-problem.js';

/** What the client is told: never a stack, never a secret, never the text of an unexpected error. */
interface Rendered {
  code: ErrorCode;
  detail: string;
  headers: Record<string, string>;
  /** Extension members of the problem document (RFC 9457 §3.2). */
  extra: Record<string, unknown>;
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_body',
  // Router refusals (http/framework-error-handler.ts); never a 414 echoing the path.
  FST_ERR_MAX_PARAM_LENGTH: 'invalid_request',
  FST_ERR_BAD_URL: 'invalid_request',
  FST_ERR_ASYNC_CONSTRAINT: 'invalid_request',
};

/**
 * The one place errors become HTTP (oidc-provider's habit): core `TesseraError`s by their stable
 * `code`, server refusals (`HttpProblem`), body-parsing and validation failures, and everything
 * else as a 500 `server_error` whose detail only reaches the log.
 */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const rendered = render(error);
  const entry = errorCatalog[rendered.code];
  if (entry.status >= 500) {
    if (rendered.code === 'server_error') request.log.error({ err: error }, 'request failed');
    else request.log.warn({ err: error, code: rendered.code }, 'request failed: dependency unavailable');
  }
  reply.code(entry.status).headers(rendered.headers);
  // Fastify asks to close the connection after a body-parsing error. For an oversized body that
  // makes a client still uploading meet a reset (EPIPE) instead of reading this 413; keeping the
  // connection lets Node discard (never buffer) the rest, bounded by the request timeout.
  if (rendered.code === 'payload_too_large') reply.removeHeader('connection');
  if (isOAuthPath(request)) {
    // RFC 6749 §5.2: with Basic authentication, invalid_client is a 401 carrying the challenge.
    if (rendered.code === 'invalid_client' && /^basic /i.test(request.headers.authorization ?? '')) {
      reply.header('www-authenticate', 'Basic realm="tessera", charset="UTF-8"');
    }
    void reply.type('application/json; charset=utf-8').send({ error: entry.oauthError, error_description: rendered.detail });
    return;
  }
  // RFC 9457 problem details; `error` repeats `code` so every JSON error of Tessera has `error`.
  void reply.type('application/problem+json; charset=utf-8').send({
    type: `urn:tessera:problem:${rendered.code}`,
    title: entry.title,
    status: entry.status,
    detail: rendered.detail,
    code: rendered.code,
    error: rendered.code,
    ...rendered.extra,
  });
}

function render(error: unknown): Rendered {
  if (error instanceof HttpProblem) return { code: error.code, detail: error.detail, headers: error.headers, extra: {} };
  if (error instanceof TesseraError) return renderCore(error);
  if (error instanceof ZodError) return { code: 'invalid_input', detail: describeZodError(error), headers: {}, extra: {} };
  const fastifyCode = fastifyErrorCode(error);
  if (fastifyCode) return { code: fastifyCode, detail: errorCatalog[fastifyCode].title, headers: {}, extra: {} };
  return { code: 'server_error', detail: 'The server could not handle this request', headers: {}, extra: {} };
}

function renderCore(error: TesseraError): Rendered {
  const base: Rendered = { code: error.code, detail: error.message, headers: {}, extra: {} };
  if (error instanceof RateLimitedError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
    return { ...base, detail: `Too many attempts; retry in ${seconds} s`, headers: { 'retry-after': String(seconds) } };
  }
  if (error instanceof WeakPasswordError) return { ...base, extra: { reason: error.reason } };
  if (error instanceof InvalidInputError && error.field !== undefined) return { ...base, extra: { field: error.field } };
  if (error.code === 'store_unavailable') return { ...base, detail: 'A backing service is unavailable; retry later', headers: { 'retry-after': '1' } };
  return base;
}

/** Fastify's own 4xx errors (body parsing, content type); any other error is ours to explain. */
function fastifyErrorCode(error: unknown): ErrorCode | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'string' && code in fastifyCodes) return fastifyCodes[code] ?? null;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    if (statusCode === 413) return 'payload_too_large';
    if (statusCode === 415) return 'unsupported_media_type';
    return 'invalid_request';
  }
  return null;
}

/** Names the field and the rule, never the value (it may be a password). */
export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input';
  const field = issue.path.map(String).join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}

export function isOAuthPath(request: FastifyRequest): boolean {
  return request.url.startsWith('/oauth/');
}
