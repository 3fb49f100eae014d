import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, VerifyError, type Verifier, type VerifyErrorCode } from '../../src/index.js';
import { generateTestKey, type TestKey } from '../support/keys.js';
import { accessToken, NOW_MS, NOW_S } from '../support/tokens.js';

/** A running app: its base URL and how to stop it. */
export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

/** Bearer credentials `outage.<code>` make the contract's verifier fail with that code, as in an outage. */
const OUTAGE_CODES: readonly VerifyErrorCode[] = ['jwks_unavailable', 'introspection_failed', 'revocation_state_stale'];

function withOutages(verifier: Verifier): Verifier {
  return {
    ...verifier,
    verify(token, options) {
      const code = OUTAGE_CODES.find((candidate) => token === `outage.${candidate}`);
      return code === undefined ? verifier.verify(token, options) : Promise.reject(new VerifyError(code, `cannot decide (${code})`));
    },
  };
}

/**
 * The behaviour every adapter must show over a real socket. `start` must serve:
 * - `GET /me`: protected, answers `{ sub }` from the claims the adapter put on the request;
 * - `GET /write`: protected with `requiredScopes: ['orders:write']`, same answer.
 */
export function adapterContract(name: string, start: (verifier: Verifier) => Promise<RunningApp>): void {
  describe(`${name} adapter over a real socket`, () => {
    let key: TestKey;
    let app: RunningApp;
    beforeAll(async () => {
      key = generateTestKey('ES256');
      const verifier = createVerifier({ issuer: 'https://auth.test', audience: 'orders', keys: { keys: [key.jwk] }, clock: { now: () => NOW_MS } });
      app = await start(withOutages(verifier));
    });
    afterAll(async () => {
      await app.close();
    });

    const get = async (path: string, authorization?: string) => {
      const response = await fetch(`${app.url}${path}`, { headers: authorization === undefined ? {} : { authorization } });
      const text = await response.text();
      return {
        status: response.status,
        challenge: response.headers.get('www-authenticate'),
        retryAfter: response.headers.get('retry-after'),
        type: response.headers.get('content-type'),
        body: JSON.parse(text) as Record<string, unknown>,
      };
    };

    it('passes the claims of a valid token to the handler', async () => {
      const result = await get('/me', `Bearer ${accessToken(key, { sub: 'alice' })}`);
      expect(result).toMatchObject({ status: 200, body: { sub: 'alice' } });
    });

    it('accepts the scheme in any case', async () => {
      expect((await get('/me', `bearer ${accessToken(key)}`)).status).toBe(200);
    });

    it('answers 401 with a bare Bearer challenge when no token is sent (RFC 6750 §3.1)', async () => {
      for (const authorization of [undefined, 'Basic dXNlcjpwYXNz']) {
        const result = await get('/me', authorization);
        expect(result.status).toBe(401);
        expect(result.challenge).toBe('Bearer');
        expect(result.type).toMatch(/^application\/json/);
        expect(result.body).toEqual({ error: 'invalid_token', error_description: 'no token was presented' });
      }
    });

    it('answers 401 invalid_token with a description for a refused token', async () => {
      const result = await get('/me', `Bearer ${accessToken(key, { exp: NOW_S - 60 })}`);
      expect(result.status).toBe(401);
      expect(result.challenge).toBe('Bearer error="invalid_token", error_description="token has expired"');
      expect(result.body).toEqual({ error: 'invalid_token', error_description: 'token has expired' });
    });

    it('answers 401 for a malformed bearer credential', async () => {
      const result = await get('/me', 'Bearer not a token');
      expect(result.status).toBe(401);
      expect(result.challenge).toMatch(/^Bearer error="invalid_token"/);
    });

    it.each(OUTAGE_CODES)('answers %s with 503, Retry-After and no invalid_token challenge (the client keeps its token)', async (code) => {
      const result = await get('/me', `Bearer outage.${code}`);
      expect(result.status).toBe(503);
      expect(result.retryAfter).toBe('5');
      expect(result.challenge).toBeNull();
      expect(result.type).toMatch(/^application\/json/);
      expect(result.body).toEqual({ error: 'temporarily_unavailable', error_description: `cannot decide (${code})` });
    });

    it('answers 403 insufficient_scope naming the scope the route needs', async () => {
      const result = await get('/write', `Bearer ${accessToken(key)}`);
      expect(result.status).toBe(403);
      expect(result.challenge).toBe('Bearer error="insufficient_scope", error_description="token lacks a required scope", scope="orders:write"');
      expect(result.body).toEqual({ error: 'insufficient_scope', error_description: 'token lacks a required scope' });
      expect((await get('/write', `Bearer ${accessToken(key, { scope: 'orders:write' })}`)).status).toBe(200);
    });
  });
}
