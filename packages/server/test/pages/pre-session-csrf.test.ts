import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreSessionCsrf, preSessionCsrfCookieName } from '../../src/pages/pre-session-csrf.js';

describe('PreSessionCsrf (signed double-submit cookie)', () => {
  const csrf = new PreSessionCsrf(randomBytes(32));
  const otherServer = new PreSessionCsrf(randomBytes(32));
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await app.register(cookie);
    app.get('/issue', async (request, reply) => ({ token: csrf.issue(request, reply) }));
    app.get('/verify', async (request) => ({ ok: csrf.verify(request, (request.query as { token?: string }).token) }));
    await app.ready();
  });
  afterAll(() => app.close());

  const issue = async (cookieHeader?: string) => {
    const response = await app.inject({ url: '/issue', headers: cookieHeader ? { cookie: cookieHeader } : {} });
    return { token: response.json<{ token: string }>().token, setCookie: response.cookies.find((c) => c.name === preSessionCsrfCookieName) };
  };
  const verify = async (cookieHeader: string | undefined, token: string) =>
    (await app.inject({ url: `/verify?token=${encodeURIComponent(token)}`, headers: cookieHeader ? { cookie: cookieHeader } : {} })).json<{ ok: boolean }>().ok;

  it('sets a __Host- cookie (HttpOnly, Secure, SameSite=Lax, Path=/, no Domain) and a form token that differs from it', async () => {
    const { token, setCookie } = await issue();
    expect(setCookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(setCookie?.domain).toBeUndefined();
    expect(setCookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(setCookie?.value);
  });

  it('accepts the form token with its cookie, and reuses the cookie a browser already has', async () => {
    const first = await issue();
    const header = `${preSessionCsrfCookieName}=${first.setCookie?.value}`;
    expect(await verify(header, first.token)).toBe(true);
    const again = await issue(header);
    expect(again.setCookie).toBeUndefined();
    expect(again.token).toBe(first.token);
  });

  it('refuses a missing token, a missing cookie, another cookie, and a cookie the attacker made up', async () => {
    const { token, setCookie } = await issue();
    const header = `${preSessionCsrfCookieName}=${setCookie?.value}`;
    expect(await verify(header, '')).toBe(false);
    expect(await verify(undefined, token)).toBe(false);
    const other = await issue();
    expect(await verify(`${preSessionCsrfCookieName}=${other.setCookie?.value}`, token)).toBe(false);
    // The token itself presented as the cookie (naive double submit) does not verify.
    expect(await verify(`${preSessionCsrfCookieName}=${token}`, token)).toBe(false);
  });

  it('is bound to the server secret: a token minted under another key does not verify', async () => {
    const { setCookie } = await issue();
    const nonce = setCookie?.value ?? '';
    const foreign = await (async () => {
      const foreignApp = Fastify();
      await foreignApp.register(cookie);
      foreignApp.get('/issue', async (request, reply) => ({ token: otherServer.issue(request, reply) }));
      const response = await foreignApp.inject({ url: '/issue', headers: { cookie: `${preSessionCsrfCookieName}=${nonce}` } });
      await foreignApp.close();
      return response.json<{ token: string }>().token;
    })();
    expect(await verify(`${preSessionCsrfCookieName}=${nonce}`, foreign)).toBe(false);
  });

  it('refuses keys shorter than 256 bits', () => {
    expect(() => new PreSessionCsrf(randomBytes(16))).toThrow(TypeError);
  });
});
