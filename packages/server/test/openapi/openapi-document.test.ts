import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { collectLiveRoutes, openApiPath, type LiveRoute } from './live-routes.js';

interface Operation {
  summary?: string;
  tags?: string[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };

const knownTags = ['sessions', 'tokens', 'oauth', 'oidc', 'operations', 'pages'];
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let server: StartedServer;
let routes: LiveRoute[];
let document: OpenApiDocument;
let response: Response;

beforeAll(async () => {
  ({ result: server, routes } = await collectLiveRoutes(() => startTestServer()));
  response = await fetch(`${server.baseUrl}/openapi.json`);
  document = (await response.clone().json()) as OpenApiDocument;
});
afterAll(() => server.close());

function documentedOperations(): { path: string; method: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );
}

function isDocumented(route: LiveRoute): boolean {
  const item = document.paths[openApiPath(route.url)];
  // RFC 9110 §9.3.2: HEAD is GET without a body; Fastify adds one to every GET, the document lists the GET.
  const method = route.method === 'HEAD' ? 'get' : route.method.toLowerCase();
  return item?.[method] !== undefined;
}

describe('GET /openapi.json against the live routes', () => {
  it('is served publicly and cacheably, without credentials', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(document.openapi).toBe('3.1.0');
  });

  it('validates as an OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every registered route with its methods, or the route is a 405 refusal of an undocumented method', async () => {
    expect(routes.length).toBeGreaterThan(20);
    // @fastify/cors answers every preflight with one catch-all `OPTIONS *` route; it is not an
    // operation of the API (test/security/cors.test.ts covers it).
    const undocumented = routes.filter((route) => !isDocumented(route) && !(route.method === 'OPTIONS' && route.url === '*'));
    // The /oauth/* endpoints' refusals of other methods exist, so this loop checks something.
    expect(undocumented.length).toBeGreaterThan(0);
    for (const route of undocumented) {
      // The only routes left out are the "use another method" answers (RFC 9110 §15.5.6): each
      // answers 405, and its `Allow` names methods the document has for that path.
      const answer = await fetch(`${server.baseUrl}${route.url}`, { method: route.method, redirect: 'manual' });
      expect(answer.status, `${route.method} ${route.url} is neither documented nor a 405`).toBe(405);
      const allowed = (answer.headers.get('allow') ?? '').split(', ').filter((method) => method !== 'HEAD');
      expect(allowed.length).toBeGreaterThan(0);
      for (const method of allowed) expect(isDocumented({ method, url: route.url }), `${method} ${route.url}`).toBe(true);
    }
  });

  it('has no path or method that is not a live route', () => {
    const live = new Set(routes.map((route) => `${route.method} ${openApiPath(route.url)}`));
    for (const { path, method } of documentedOperations()) expect(live.has(`${method} ${path}`), `${method} ${path}`).toBe(true);
  });

  it('gives every operation a summary, a known tag, a success answer and error answers in the route’s error format', () => {
    const operations = documentedOperations();
    expect(operations.length).toBeGreaterThan(20);
    for (const { path, method, operation } of operations) {
      const name = `${method} ${path}`;
      expect(operation.summary, name).toBeTruthy();
      expect(operation.tags?.length, name).toBeGreaterThan(0);
      for (const tag of operation.tags ?? []) expect(knownTags, name).toContain(tag);
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((status) => /^[23]/.test(status)), `${name}: a success answer`).toBe(true);
      if (path.startsWith('/assets/')) continue;
      expect(statuses.some((status) => /^[45]/.test(status)), `${name}: an error answer`).toBe(true);
      for (const status of statuses.filter((code) => /^[45]/.test(code))) {
        const content = operation.responses[status]?.content ?? {};
        expect(Object.keys(content).length, `${name} ${status}`).toBeGreaterThan(0);
        // The probes' 503 is their own `{status: "unavailable", reason}`, which load balancers read.
        if ((path === '/healthz' || path === '/readyz') && status === '503') continue;
        if (operation.tags?.includes('pages') || path === '/oauth/authorize' || path === '/oauth/authorize/consent') {
          expect(Object.keys(content), `${name} ${status}`).toEqual(['text/html']);
        } else if (path.startsWith('/oauth/')) {
          expect(content['application/json']?.schema, `${name} ${status}`).toEqual({ $ref: '#/components/schemas/OAuthError' });
        } else {
          expect(content['application/problem+json']?.schema, `${name} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
        }
      }
    }
  });

  it('describes the request of every route that takes one: JSON bodies on /auth/*, forms on /oauth/*', () => {
    const body = (path: string, method: string) => document.paths[path]?.[method]?.requestBody?.content ?? {};
    expect(Object.keys(body('/auth/login', 'post'))).toEqual(['application/json']);
    expect(Object.keys(body('/auth/signup', 'post'))).toEqual(['application/json']);
    for (const endpoint of ['/oauth/token', '/oauth/revoke', '/oauth/introspect']) {
      expect(Object.keys(body(endpoint, 'post')), endpoint).toEqual(['application/x-www-form-urlencoded']);
    }
    const token = body('/oauth/token', 'post')['application/x-www-form-urlencoded'] as { schema: { properties: Record<string, unknown>; required: string[] } };
    expect(token.schema.required).toEqual(['grant_type']);
    expect(Object.keys(token.schema.properties)).toEqual(expect.arrayContaining(['grant_type', 'code', 'code_verifier', 'refresh_token', 'client_id']));
  });
});
