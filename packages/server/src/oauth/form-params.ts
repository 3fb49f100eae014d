/** The parsed form of an `/oauth/*` request (http/form-body-parser.ts), or an empty one for a request without a body. */
export function formParams(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
