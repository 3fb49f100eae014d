/**
 * An HTTP-level refusal raised by the server itself (not by the core): bad media type, malformed
 * body, CSRF, missing credentials. The central error handler renders it like a core error:
 * RFC 6749 §5.2 on `/oauth/*`, RFC 9457 problem details elsewhere. `detail` is shown to the
 * client, so it never contains a secret.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpProblemCode,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
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
  | 'not_found'
  | 'shutting_down';
