/** An OpenAPI security requirement (§4.8.30): scheme names from openapi-document.ts. */
type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** The session cookie (and on unsafe methods `X-CSRF-Token`). */
export const sessionCookieAuth: readonly SecurityRequirement[] = [{ sessionCookie: [] }];

/** `Authorization: Bearer` with an access token. */
export const bearerAuth: readonly SecurityRequirement[] = [{ bearer: [] }];

/** Either of the two (`GET /api/me`). */
export const bearerOrSessionAuth: readonly SecurityRequirement[] = [{ bearer: [] }, { sessionCookie: [] }];

/** A confidential client by HTTP Basic (`client_secret_basic`, RFC 6749 §2.3.1). */
export const clientBasicAuth: readonly SecurityRequirement[] = [{ clientBasic: [] }];
