import { errorCatalog } from './error-catalog.js';

/**
 * An HTTP-level refusal raised by the server itself (not by the core): bad media type, malformed
 * body, CSRF, missing credentials. Like fastify's `createError`, a problem is a code plus a
 * detail: its status comes from the catalog, so a throw site cannot disagree with the docs.
 * Rendered like a core error: RFC 6749 §5.2 on `/oauth/*`, RFC 9457 problem details elsewhere.
 * `detail` is shown to the client, so it never contains a secret.
 */
export class HttpProblem extends Error {
  constructor(
    readonly code: HttpProblemCode,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  get status(): number {
    return errorCatalog[this.code].status;
  }
}

export type HttpProblemCode =
  | 'malformed_body'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'header_too_large'
  | 'origin_refused'
  | 'access_denied'
  | 'csrf_failed'
  | 'unauthenticated'
  | 'token_invalid'
  | 'invalid_request'
  | 'unsupported_grant_type'
  | 'method_not_allowed'
  | 'not_found'
  | 'shutting_down';
