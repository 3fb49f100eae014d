import { z } from 'zod';

/** An RFC 7517 §5 JWK Set of public keys, each with its `kid`: the token JWKS and the revocation-event JWKS. */
export const jwkSetSchema = z
  .object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string().optional(), use: z.string().optional() })) })
  .meta({ id: 'JwkSet', description: 'RFC 7517 §5 JWK Set (public keys only)' });
