import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type VerifierOptions, type VerifyError } from '../../src/index.js';
import { generateTestKey, type TestKey } from '../support/keys.js';
import { accessToken, NOW_MS, NOW_S } from '../support/tokens.js';
import { anchoredClock } from '../support/wait-for.js';

interface Seen {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
  url: string | undefined;
}

/** A `node:http` authorization server: RFC 8414 metadata and an RFC 7662 endpoint answering from `answers`. */
async function startServer(answers: Map<string, Record<string, unknown>>) {
  const seen: Seen[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/.well-known/oauth-authorization-server') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, introspection_endpoint: `${issuer}/oauth/introspect` }));
        return;
      }
      seen.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], body, url: req.url });
      if (status !== 200) {
        res.writeHead(status).end('broken');
        return;
      }
      const token = new URLSearchParams(body).get('token') ?? '';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers.get(token) ?? { active: false }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, seen, server, setStatus: (value: number) => (status = value) };
}

let key: TestKey;
beforeAll(() => {
  key = generateTestKey('EdDSA');
});
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const active = (extra: Record<string, unknown> = {}) => ({ active: true, sub: 'user-1', scope: 'orders:read', exp: NOW_S + 300, aud: 'orders', token_type: 'Bearer', sid: 'sess-1', ...extra });

async function setup(answers: Record<string, Record<string, unknown>>, options: Partial<VerifierOptions> = {}, introspection: Record<string, unknown> = {}) {
  const map = new Map(Object.entries(answers));
  const as = await startServer(map);
  servers.push(as.server);
  const verifier = createVerifier({
    issuer: as.issuer,
    audience: 'orders',
    keys: { keys: [key.jwk] },
    clock: anchoredClock(NOW_MS),
    introspection: { clientId: 'svc:orders', clientSecret: 'p@ss wörd', ...introspection },
    ...options,
  });
  return { ...as, verifier, answers: map };
}

const code = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error as VerifyError).code,
  );

describe('introspection (RFC 7662)', () => {
  it('asks about an opaque token with client_secret_basic and a form body', async () => {
    const { verifier, seen } = await setup({ 'opaque-1': active() });
    const claims = await verifier.verify('opaque-1');
    expect(claims).toMatchObject({ sub: 'user-1', sid: 'sess-1', scope: 'orders:read' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/oauth/introspect');
    expect(seen[0]!.contentType).toBe('application/x-www-form-urlencoded');
    expect(seen[0]!.body).toBe('token=opaque-1');
    // RFC 6749 §2.3.1: id and secret are form-encoded before base64.
    const decoded = Buffer.from(seen[0]!.authorization!.replace(/^Basic /, ''), 'base64').toString('utf8');
    expect(decoded).toBe('svc%3Aorders:p%40ss+w%C3%B6rd');
  });

  it.each([
    ['inactive', { active: false }, 'revoked'],
    ['a refresh token', active({ token_type: 'refresh_token' }), 'invalid_type'],
    ['another audience', active({ aud: 'billing' }), 'audience_mismatch'],
    // Audit finding 6: an answer that names no audience (a session) is not meant for this one.
    ['no audience', active({ aud: undefined }), 'audience_mismatch'],
    ['another issuer', active({ iss: 'https://elsewhere.test' }), 'issuer_mismatch'],
    ['expired', active({ exp: NOW_S - 60 }), 'token_expired'],
    ['no subject', active({ sub: undefined }), 'introspection_failed'],
    ['no boolean active', { active: 'yes', sub: 'x' }, 'introspection_failed'],
  ])('refuses an answer that is %s', async (_name, answer, expected) => {
    const { verifier } = await setup({ t: answer });
    expect(await code(verifier.verify('t'))).toBe(expected);
  });

  it('checks required scopes on introspected tokens', async () => {
    const { verifier } = await setup({ t: active() });
    expect(await code(verifier.verify('t', { requiredScopes: ['orders:write'] }))).toBe('insufficient_scope');
  });

  it('asks every time by default, and reuses answers for cacheMs when configured', async () => {
    const plain = await setup({ t: active() });
    await plain.verifier.verify('t');
    await plain.verifier.verify('t');
    expect(plain.seen).toHaveLength(2);

    const cached = await setup({ t: active() }, {}, { cacheMs: 60_000 });
    await cached.verifier.verify('t');
    await cached.verifier.verify('t');
    expect(cached.seen).toHaveLength(1);
    expect(cached.verifier.metrics().introspection).toMatchObject({ requests: 1, cacheHits: 1 });
  });

  it('fails closed when the endpoint fails', async () => {
    const { verifier, setStatus } = await setup({ t: active() });
    setStatus(500);
    expect(await code(verifier.verify('t'))).toBe('introspection_failed');
    expect(verifier.metrics().introspection.failures).toBe(1);
  });

  it('refuses opaque tokens when no introspection is configured', async () => {
    const verifier = createVerifier({ issuer: 'https://auth.test', audience: 'orders', keys: { keys: [key.jwk] } });
    expect(await code(verifier.verify('opaque-session-id'))).toBe('token_malformed');
  });
});

describe('maxStaleness: 0 (ask the server on every request)', () => {
  it('verifies the JWT locally, then introspects it each time', async () => {
    const { verifier, seen, issuer, answers } = await setup({}, { maxStaleness: 0, cache: { maxEntries: 10 } });
    const token = accessToken(key, { iss: issuer });
    answers.set(token, active());
    await verifier.verify(token);
    await verifier.verify(token);
    expect(seen).toHaveLength(2);
    answers.set(token, { active: false });
    expect(await code(verifier.verify(token))).toBe('revoked');
    expect(verifier.metrics().cache.size).toBe(0);
  });

  it('a forged JWT is refused locally without asking the server', async () => {
    const { verifier, seen, issuer } = await setup({}, { maxStaleness: 0 });
    const forged = accessToken({ ...generateTestKey('EdDSA'), kid: key.kid }, { iss: issuer });
    expect(await code(verifier.verify(forged))).toBe('invalid_signature');
    expect(seen).toHaveLength(0);
  });

  it('can be chosen per route', async () => {
    const { verifier, seen, issuer, answers } = await setup({});
    const token = accessToken(key, { iss: issuer });
    answers.set(token, active());
    await verifier.verify(token);
    expect(seen).toHaveLength(0);
    await verifier.verify(token, { maxStaleness: 0 });
    expect(seen).toHaveLength(1);
    expect(() => verifier.verifySync(token, { maxStaleness: 0 })).toThrow(TypeError);
  });
});
