import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../http/problem-schema.js';
import { useDescribedSchemas } from './described-schema-compilers.js';
import { openApiDefinition } from './openapi-document.js';

export const openApiPath = '/openapi.json';

const openApiRouteSchema = {
  summary: 'This OpenAPI 3.1 document, generated from the route schemas',
  tags: ['operations'],
  response: { 200: z.looseObject({ openapi: z.string() }).describe('OpenAPI 3.1'), ...problemResponses },
};

/**
 * The server's OpenAPI 3.1 document at `GET /openapi.json`: public, cacheable, no credentials
 * (it describes the surface, holds no data). Registered before every route, as @fastify/swagger
 * collects routes in an `onRoute` hook; zod schemas become JSON Schema through
 * fastify-type-provider-zod's transform, and `.meta({ id })` schemas become components.
 */
export async function registerOpenApi(app: FastifyInstance, { issuer, version }: { issuer: string; version: string }): Promise<void> {
  useDescribedSchemas(app);
  await app.register(swagger, { openapi: openApiDefinition(issuer, version), transform: jsonSchemaTransform, transformObject: jsonSchemaTransformObject });
  let document: string | undefined;
  app.get(openApiPath, { schema: openApiRouteSchema }, async (_request, reply) => {
    // Routes are fixed once the app is ready, so the document is built once.
    document ??= JSON.stringify(app.swagger());
    return reply
      .headers({ 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin', 'cache-control': 'public, max-age=300' })
      .type('application/json; charset=utf-8')
      .send(document);
  });
}
