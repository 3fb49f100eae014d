/** The resource server's own credentials at the authorization server (`client` in the options). */
export interface ClientCredentials {
  readonly id: string;
  readonly secret: string;
}

/**
 * The `Authorization` header of `client_secret_basic` (RFC 6749 §2.3.1: id and secret each
 * form-encoded, then joined and base64-encoded). One header for introspection and the stream.
 */
export function basicAuthorization(client: ClientCredentials): string {
  const credentials = `${formEncode(client.id)}:${formEncode(client.secret)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

/** application/x-www-form-urlencoded encoding of one value (RFC 6749 Appendix B). */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
