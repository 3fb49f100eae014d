import { StoreUnavailableError, type Stores } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { newCredentials } from './e2e/support/accounts.js';
import { HttpClient } from './e2e/support/http-client.js';
import { startTestServer } from './support/start-server.js';
import { setTimeout as sleep } from 'node:timers/promises';

describe('graceful shutdown', () => {
  it('answers 503 on /readyz and /healthz while draining, then stops listening', async () => {
    const server = await startTestServer({ env: { TESSERA_SHUTDOWN_DELAY: '1' } });
    const http = new HttpClient(server.baseUrl);
    expect((await http.get('/readyz')).status).toBe(200);
    const closing = server.close();
    const ready = await http.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable' });
    expect((await http.get('/healthz')).status).toBe(503);
    await closing;
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
  });

  it('lets an in-flight request finish', async () => {
    // Deliberately slow hashing, so the sign-up is still running when shutdown starts.
    const server = await startTestServer({ tesseraOverrides: { passwordHashing: { memoryCostKiB: 65_536, timeCost: 8 } } });
    const http = new HttpClient(server.baseUrl);
    const signup = http.json('POST', '/auth/signup', newCredentials());
    await sleep(40);
    await server.close();
    expect((await signup).status).toBe(201);
  });
});

describe('unreachable stores', () => {
  it('make /healthz and /readyz 503 and requests a JSON 503, never a 500', async () => {
    let down = false;
    const wrap = (stores: Stores): Stores => ({
      ...stores,
      users: new Proxy(stores.users, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => (down ? Promise.reject(new StoreUnavailableError('users')) : (value as (...a: unknown[]) => unknown).apply(target, args));
        },
      }),
    });
    const server = await startTestServer({ wrapStores: wrap });
    try {
      const http = new HttpClient(server.baseUrl);
      expect((await http.get('/healthz')).status).toBe(200);
      down = true;
      expect((await http.get('/healthz')).status).toBe(503);
      expect((await http.get('/readyz')).status).toBe(503);
      const login = await http.json('POST', '/auth/login', newCredentials());
      expect(login.status).toBe(503);
      expect(login.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(login.body).toMatchObject({ code: 'store_unavailable' });
      expect(login.text).not.toContain('users');
      const token = await http.form('/oauth/token', { grant_type: 'password', username: 'a@b.io', password: 'whatever-it-is' });
      expect(token.status).toBe(503);
      expect(token.body.error).toBe('temporarily_unavailable');
      down = false;
      expect((await http.get('/healthz')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
