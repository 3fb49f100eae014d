import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, newCredentials, passwordGrant, signUp, type Credentials } from '../support/accounts.js';
import type { GetTarget } from '../support/e2e-target.js';
import { forgeTokens, startAttackerJwks } from '../support/forged-tokens.js';
import { HttpClient, type HttpResult } from '../support/http-client.js';

/** Every refusal in this suite: a 4xx, a JSON body, no stack trace, no 5xx. */
function expectCleanRefusal(result: HttpResult, status?: number): void {
  const context = `${result.status} ${result.text.slice(0, 200)}`;
  expect(result.status, context).toBeGreaterThanOrEqual(400);
  expect(result.status, context).toBeLessThan(500);
  if (status !== undefined) expect(result.status, context).toBe(status);
  expect(result.headers.get('content-type'), context).toMatch(/^application\/(problem\+)?json/);
  expect(() => JSON.parse(result.text) as unknown, context).not.toThrow();
  expect(result.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

const jsonPaths = ['/auth/signup', '/auth/login'] as const;
const MiB = 1024 * 1024;

/** Issue 2's bad-input list: each a fast 4xx with a JSON body, never a 5xx, and the stored data unchanged. */
export function describeBadInputE2E(getTarget: GetTarget): void {
  const http = () => new HttpClient(getTarget().baseUrl);
  let victim: Credentials;
  const raw = (path: string, body: string | Uint8Array, contentType?: string, headers: Record<string, string> = {}) =>
    http().send('POST', path, body, { headers: { ...(contentType === undefined ? {} : { 'content-type': contentType }), ...headers } });

  beforeAll(async () => {
    victim = await signUp(http());
  });

  /** The victim's password still works, and none of the fresh emails used in refused sign-ups exists. */
  const refusedEmails: string[] = [];
  afterAll(async () => {
    await logIn(http(), victim);
    for (const email of refusedEmails) {
      expect((await http().json('POST', '/auth/signup', { email, password: 'a fine password 42' })).status, email).toBe(201);
    }
  });

  describe('malformed JSON', () => {
    for (const path of jsonPaths) {
      it(`${path}: truncated, trailing garbage, not JSON, empty`, async () => {
        for (const body of ['{"email":', '{"email":"a@b.io","password":"x"}}', 'email=a@b.io', '{', '']) {
          expectCleanRefusal(await raw(path, body, 'application/json'), 400);
        }
      });
    }
  });

  describe('wrong content types', () => {
    it('JSON routes refuse text, forms, multipart, XML, a non-UTF-8 charset, and a body without a type (415)', async () => {
      const body = JSON.stringify(victim);
      for (const path of jsonPaths) {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1']) {
          expectCleanRefusal(await raw(path, body, type), 415);
        }
        expectCleanRefusal(await raw(path, new TextEncoder().encode(body), undefined), 415);
      }
    });

    it('the token endpoint refuses JSON with an RFC 6749 body (415)', async () => {
      const result = await http().json('POST', '/oauth/token', { grant_type: 'password', username: victim.email, password: victim.password });
      expectCleanRefusal(result, 415);
      expect(result.body.error).toBe('invalid_request');
    });
  });

  describe('missing and mistyped fields', () => {
    for (const path of jsonPaths) {
      it(`${path}: each a 400 naming the field, never echoing a value`, async () => {
        const email = newCredentials().email;
        refusedEmails.push(email);
        const cases: unknown[] = [{}, { email }, { password: 'secret-value-1234' }, { email: 1, password: 2 }, { email: [email], password: {} }, { email, password: null }, null, [], 'text', 42, true];
        for (const body of cases) {
          const result = await http().json('POST', path, JSON.stringify(body));
          expectCleanRefusal(result, 400);
          expect(result.text).not.toContain('secret-value-1234');
        }
      });
    }

    it('the token endpoint: missing username/password/refresh_token, repeated parameters', async () => {
      for (const body of ['grant_type=password&password=x', 'grant_type=password&username=a%40b.io', 'grant_type=refresh_token', 'grant_type=password&grant_type=password&username=a&password=b']) {
        const result = await raw('/oauth/token', body, 'application/x-www-form-urlencoded');
        expectCleanRefusal(result, 400);
        expect(result.body.error).toBe('invalid_request');
      }
    });
  });

  describe('NUL bytes', () => {
    it('escaped and raw NUL in JSON, %00 in forms: 400', async () => {
      for (const path of jsonPaths) {
        for (const body of [
          `{"email":${JSON.stringify(victim.email)},"password":"${victim.password}\\u0000x"}`,
          `{"email":"a\\u0000${victim.email}","password":"${victim.password}"}`,
          Buffer.from(`{"email":"${victim.email}","password":"a\0b"}`),
        ]) {
          const result = await raw(path, body, 'application/json');
          expectCleanRefusal(result, 400);
          expect(result.body.code).toBe('malformed_body');
        }
      }
      const form = await raw('/oauth/token', `grant_type=password&username=${encodeURIComponent(victim.email)}&password=${victim.password}%00`, 'application/x-www-form-urlencoded');
      expectCleanRefusal(form, 400);
      expect(form.body.error).toBe('invalid_request');
    });
  });

  describe('invalid UTF-8', () => {
    it('raw invalid bytes in JSON (lone continuation, overlong, surrogate), and in forms, raw or percent-encoded: 400', async () => {
      const prefix = Buffer.from(`{"email":"${victim.email}","password":"`);
      for (const bad of [[0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80]]) {
        for (const path of jsonPaths) {
          const result = await raw(path, Buffer.concat([prefix, Buffer.from(bad), Buffer.from('"}')]), 'application/json');
          expectCleanRefusal(result, 400);
          expect(result.body.code).toBe('malformed_body');
        }
      }
      const form = (body: Uint8Array | string) => raw('/oauth/token', body, 'application/x-www-form-urlencoded');
      for (const body of [
        `grant_type=password&username=${encodeURIComponent(victim.email)}&password=%FF%FE`,
        Buffer.concat([Buffer.from(`grant_type=password&username=${encodeURIComponent(victim.email)}&password=`), Buffer.from([0xff, 0xfe])]),
      ]) {
        const result = await form(body);
        expectCleanRefusal(result, 400);
        expect(result.body.error).toBe('invalid_request');
      }
    });
  });

  describe('prototype-pollution keys', () => {
    it('__proto__ and constructor.prototype anywhere in JSON or as a form name: 400, nothing stored', async () => {
      const email = newCredentials().email;
      refusedEmails.push(email);
      const bodies = [
        `{"email":"${email}","password":"a fine password 42","__proto__":{"isAdmin":true}}`,
        `{"email":"${email}","password":"a fine password 42","constructor":{"prototype":{"isAdmin":true}}}`,
        `{"email":"${email}","password":"a fine password 42","nested":{"deep":[{"__proto__":{"x":1}}]}}`,
      ];
      for (const body of bodies) {
        const result = await raw('/auth/signup', body, 'application/json');
        expectCleanRefusal(result, 400);
        expect(result.body.code).toBe('malformed_body');
      }
      expectCleanRefusal(await raw('/auth/login', bodies[0]!.replace(email, victim.email), 'application/json'), 400);
      for (const name of ['__proto__', 'constructor', 'prototype']) {
        const form = await raw('/oauth/token', `grant_type=password&username=${encodeURIComponent(victim.email)}&password=${victim.password}&${name}=y`, 'application/x-www-form-urlencoded');
        expectCleanRefusal(form, 400);
        expect(form.body.error, name).toBe('invalid_request');
      }
    });
  });

  describe('oversized input', () => {
    it('a password over the hard cap that fits the body limit: 400 before any hashing', async () => {
      const email = newCredentials().email;
      refusedEmails.push(email);
      expectCleanRefusal(await http().json('POST', '/auth/signup', { email, password: 'x'.repeat(5000) }), 400);
      expectCleanRefusal(await http().json('POST', '/auth/login', { email: victim.email, password: 'x'.repeat(5000) }), 400);
      const grant = await http().form('/oauth/token', { grant_type: 'password', username: victim.email, password: 'x'.repeat(5000) });
      expectCleanRefusal(grant, 400);
    });

    it('a 1 MiB password: 413', async () => {
      const email = newCredentials().email;
      refusedEmails.push(email);
      expectCleanRefusal(await http().json('POST', '/auth/signup', { email, password: 'p'.repeat(MiB) }), 413);
      expectCleanRefusal(await http().json('POST', '/auth/login', { email: victim.email, password: 'p'.repeat(MiB) }), 413);
      expectCleanRefusal(await http().form('/oauth/token', { grant_type: 'password', username: victim.email, password: 'p'.repeat(MiB) }), 413);
    });

    it('a 20 MiB body, with Content-Length or chunked: 413 without reading it all', async () => {
      const body = Buffer.alloc(20 * MiB, 'a');
      expectCleanRefusal(await raw('/auth/login', body, 'application/json'), 413);
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 320; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(97));
          controller.close();
        },
      });
      const response = await fetch(new URL('/auth/signup', getTarget().baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chunked,
        duplex: 'half',
      });
      expect(response.status).toBe(413);
      expect(JSON.parse(await response.text())).toMatchObject({ status: 413 });
    });

    it('a 1 MiB Authorization header (and cookie): 431 with a JSON body', async () => {
      const proxyLimit = getTarget().proxyHeaderLimitBytes;
      // Behind a proxy that refuses such a header itself, its refusal is a 4xx of its own making,
      // and a header that passes the proxy but not Tessera's 16 KiB cap still gets Tessera's 431.
      const size = proxyLimit !== undefined && proxyLimit <= MiB + 64 ? proxyLimit - 1024 : MiB;
      if (size !== MiB) {
        const oversized: Record<string, string>[] = [{ authorization: `Bearer ${'a'.repeat(MiB)}` }, { cookie: `__Host-tessera_session=${'a'.repeat(MiB)}` }];
        for (const headers of oversized) {
          const refused = await http().get('/api/me', { headers });
          expect(refused.status, refused.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(refused.status).toBeLessThan(500);
        }
      }
      expectCleanRefusal(await http().get('/api/me', { headers: { authorization: `Bearer ${'a'.repeat(size)}` } }), 431);
      expectCleanRefusal(await http().get('/auth/session', { headers: { cookie: `__Host-tessera_session=${'a'.repeat(size)}` } }), 431);
      // The server is fine afterwards.
      expect((await http().get('/healthz')).status).toBe(200);
    });
  });

  describe('forged and mangled JWTs', () => {
    let attacker: Awaited<ReturnType<typeof startAttackerJwks>>;
    beforeAll(async () => {
      attacker = await startAttackerJwks();
    });
    afterAll(async () => {
      await attacker?.close();
    });

    it('every variant is refused by /api/me (401 invalid_token) and inactive at /oauth/introspect; revoking them changes nothing', async () => {
      const { access_token: real } = await passwordGrant(http(), victim);
      const jwks = (await http().get('/.well-known/jwks.json')).body as { keys: JWK[] };
      const forged = await forgeTokens(real, getTarget(), jwks.keys[jwks.keys.length - 1]!, attacker);
      expect(forged.length).toBeGreaterThan(25);
      const { client } = getTarget();
      for (const { name, token, inactiveAtIntrospection } of forged) {
        const me = await http().get('/api/me', { headers: { authorization: `Bearer ${token}` } });
        expectCleanRefusal(me, 401);
        expect(me.headers.get('www-authenticate'), name).toMatch(/error="invalid_token"/);
        const introspection = await http().form('/oauth/introspect', { token }, { basic: client });
        expect(introspection.status, name).toBe(200);
        if (inactiveAtIntrospection) expect(introspection.body, name).toEqual({ active: false });
        expect((await http().form('/oauth/revoke', { token })).status, name).toBe(200);
      }
      // The real token is untouched by all of the above.
      expect((await http().get('/api/me', { headers: { authorization: `Bearer ${real}` } })).status).toBe(200);
    });
  });
}
