import { z } from 'zod';
import { oauthErrorCodes } from '../http/oauth-error-code.js';

/**
 * Zod schemas shared by the `/oauth/*` routes; the OpenAPI document is generated from them. Each
 * endpoint's own checks decide the RFC 6749 error (a malformed refresh token is `invalid_grant`,
 * which a schema could not say), so bodies here list the parameters without refusing any.
 */
export const oauthError = z
  .object({
    error: z.enum(oauthErrorCodes).describe('A registered OAuth error code'),
    error_description: z.string().optional(),
  })
  .meta({ id: 'OAuthError', description: 'RFC 6749 §5.2 error' });

const oauthErrorContent = { 'application/json': { schema: oauthError } };

/** The error answers of an `/oauth/*` JSON endpoint (./oauth-error-handler.ts). */
export const oauthErrorResponses = {
  '4xx': { description: 'Refused: RFC 6749 §5.2 error (docs/http-api.md#errors)', content: oauthErrorContent },
  '5xx': { description: 'Unavailable (503, `Retry-After`) or failed (500): RFC 6749 §5.2 error', content: oauthErrorContent },
} as const;

/** `client_id`/`client_secret` in the body (RFC 6749 §2.3.1); HTTP Basic is the alternative. */
export const clientCredentialFields = {
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
};

/**
 * RFC 7009 §2.1 and RFC 7662 §2.1 requests share this shape; both routes validate with it once the
 * client is known. No length cap on `token` beyond the body limit: an over-long token is simply
 * not one of ours (unknown to revocation, inactive to introspection). Unknown hints are ignored.
 */
export const tokenReferenceBody = z.object({
  token: z.string().min(1),
  token_type_hint: z.string().max(64).optional(),
  ...clientCredentialFields,
});

/** The media type every `/oauth/*` POST takes (RFC 6749 §3.2); for the document's `requestBody`. */
export const formConsumes = ['application/x-www-form-urlencoded'];
