import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

/** What helmet puts on every answer (security/security-headers.ts); a framework error must carry them too. */
const securityHeaders = [
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-resource-policy',
  'cross-origin-opener-policy',
];

describe('audit finding 11: framework errors go through the problem-details handler', () => {
  let server: StartedServer;
  let http: HttpClient;
  let notFound: HttpResult;
  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
    notFound = await http.get('/no-such-route');
  });
  afterAll(() => server.close());

  /** A problem document with the headers of a normal 404, that repeats nothing of the request. */
  function expectProblem(result: HttpResult, status: number, code: string, sent: string[]): void {
    const context = `${result.status} ${result.text.slice(0, 300)}`;
    expect(result.status, context).toBe(status);
    expect(result.headers.get('content-type'), context).toBe('application/problem+json; charset=utf-8');
    expect(result.body, context).toMatchObject({ type: `urn:tessera:problem:${code}`, status, code, error: code });
    expect(Object.keys(result.body as object).sort()).toEqual(['code', 'detail', 'error', 'status', 'title', 'type']);
    expect(result.text, context).not.toMatch(/FST_|statusCode|Bad Request/);
    for (const fragment of sent) expect(result.text, context).not.toContain(fragment);
    for (const header of securityHeaders) {
      expect(notFound.headers.get(header), `the 404 has ${header}`).toBeTruthy();
      expect(result.headers.get(header), `${header} on ${context}`).toBe(notFound.headers.get(header));
    }
  }

  it('a path parameter over 200 characters: problem details, security headers, no echo of the path', async () => {
    const id = 'a'.repeat(300);
    const result = await http.send('DELETE', `/auth/sessions/${id}`, undefined);
    expectProblem(result, 400, 'invalid_request', [id.slice(0, 50)]);
    expect(result.headers.get('cache-control')).toBe('no-store');
  });

  it('a page route with an over-long parameter answers the same problem document', async () => {
    const id = 'b'.repeat(300);
    expectProblem(await http.send('POST', `/account/sessions/${id}/sign-out`, undefined), 400, 'invalid_request', [id.slice(0, 50)]);
  });

  it('a path with a broken percent-encoding (FST_ERR_BAD_URL)', async () => {
    const result = await http.send('DELETE', '/auth/sessions/%E0%A4evil-marker', undefined);
    expectProblem(result, 400, 'invalid_request', ['evil-marker', '%E0']);
  });

  it('unknown route, malformed JSON, wrong content type, body too large', async () => {
    expectProblem(await http.get('/nothing-here-marker'), 404, 'not_found', ['nothing-here-marker']);
    expectProblem(await http.json('POST', '/auth/login', '{"email":"json-marker'), 400, 'malformed_body', ['json-marker']);
    expectProblem(await http.send('POST', '/auth/login', 'type-marker', { headers: { 'content-type': 'text/x-marker' } }), 415, 'unsupported_media_type', ['x-marker']);
    const big = `{"email":"${'c'.repeat(2 * 1024 * 1024)}"}`;
    expectProblem(await http.json('POST', '/auth/login', big), 413, 'payload_too_large', ['ccccccccccccccccccccccc']);
  });

  it('request headers over the limit (431, answered before Fastify) carry the security headers too', async () => {
    const result = await http.get('/auth/session', { headers: { 'x-marker': 'd'.repeat(20 * 1024) } });
    expectProblem(result, 431, 'header_too_large', ['dddddddddddddddddddd']);
  });

  it('the pages keep their HTML error pages', async () => {
    const result = await http.send('POST', '/logout', 'csrf_token=x', { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' } });
    expect(result.status).toBe(403);
    expect(result.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(result.text).toContain('This form was sent from another website');
  });
});
