import { InvalidInputError, RateLimitedError, StoreUnavailableError, TesseraError, WeakPasswordError } from '@tessera/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { errorCatalog, type CatalogEntry, type ErrorCode } from './error-catalog.js';
import { HttpProblem } from './http-problem.js';

/** What the client is told: never a stack, never a secret, never the text of an unexpected error. */
export interface RenderedError {
  code: ErrorCode;
  entry: CatalogEntry;
  detail: string;
  headers: Readonly<Record<string, string>>;
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
 * The part of every error reply both body formats share (oidc-provider's habit of one place where
 * errors become HTTP): the catalog's status, the error's headers, and the log line for a 5xx.
 * Core `TesseraError`s by their stable `code`, server refusals (`HttpProblem`), body-parsing and
 * validation failures, and everything else as a 500 `server_error` whose detail only reaches the log.
 */
export function startErrorReply(error: unknown, request: FastifyRequest, reply: FastifyReply): RenderedError {
  const rendered = renderError(error);
  if (rendered.entry.status >= 500) {
    if (rendered.code === 'server_error') request.log.error({ err: error }, 'request failed');
    else request.log.warn({ err: error, code: rendered.code }, 'request failed: dependency unavailable');
  }
  reply.code(rendered.entry.status).headers(rendered.headers);
  // Fastify asks to close the connection after a body-parsing error. For an oversized body that
  // makes a client still uploading meet a reset (EPIPE) instead of reading this 413; keeping the
  // connection lets Node discard (never buffer) the rest, bounded by the request timeout.
  if (rendered.code === 'payload_too_large') reply.removeHeader('connection');
  return rendered;
}

export function renderError(error: unknown): RenderedError {
  if (error instanceof HttpProblem) return rendered(error.code, error.detail, error.headers);
  if (error instanceof TesseraError) return renderCore(error);
  if (error instanceof ZodError) return rendered('invalid_input', describeZodError(error));
  const fastifyCode = fastifyErrorCode(error);
  if (fastifyCode) return rendered(fastifyCode, errorCatalog[fastifyCode].title);
  return rendered('server_error', 'The server could not handle this request');
}

function rendered(code: ErrorCode, detail: string, headers: Readonly<Record<string, string>> = {}, extra: Record<string, unknown> = {}): RenderedError {
  return { code, entry: errorCatalog[code], detail, headers, extra };
}

function renderCore(error: TesseraError): RenderedError {
  if (error instanceof RateLimitedError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
    return rendered(error.code, `Too many attempts; retry in ${seconds} s`, { 'retry-after': String(seconds) });
  }
  if (error instanceof WeakPasswordError) return rendered(error.code, error.message, {}, { reason: error.reason });
  if (error instanceof InvalidInputError && error.field !== undefined) return rendered(error.code, error.message, {}, { field: error.field });
  if (error instanceof StoreUnavailableError) return rendered(error.code, 'A backing service is unavailable; retry later', { 'retry-after': '1' });
  return rendered(error.code, error.message);
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
