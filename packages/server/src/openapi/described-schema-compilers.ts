import type { FastifyInstance } from 'fastify';

/**
 * How Fastify treats route schemas here: they describe the route for the OpenAPI document, and the
 * route's own pipeline validates with the same zod object (`parseBody`) at the step where that
 * check belongs. Fastify's validation phase runs before `preHandler`, so enforcing schemas there
 * would answer a bad body before a missing session (400 instead of 401), spend a parse before a
 * rate limit, and replace the RFC 6749 error a grant decides (`invalid_grant` for a malformed
 * refresh token) with a generic one. Answers are serialized as plain JSON, as on routes without a
 * schema, so a documented answer is never cut or reshaped by a serializer.
 */
export function useDescribedSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
