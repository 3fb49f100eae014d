/**
 * The bare-minimum peers (issue 13): the cheapest correct implementation of each `/api/me` mode
 * in plain Fastify 5, no plugins, answering the same JSON shape as Tessera (`{sub, email, auth}`).
 * Each is the physical ceiling of its mode in Node.
 * - `GET /healthz`: no auth.
 * - `GET /api/me-crypto`: the Bearer JWT checked with `node:crypto` (keys imported once from the
 *   JWKS of every issuer in LAB_ISSUERS, algorithm pinned per key; `iss`, `exp`, `typ` checked).
 * - `GET /api/me-map`, `-sqlite`, `-redis`, `-pg`: the session cookie's SHA-256 looked up in a
 *   `Map`, with one prepared better-sqlite3 SELECT, one ioredis GET, one pg SELECT. Stores hold
 *   only hashes of tokens, as Tessera's do. LAB_SESSION_TOKEN is the one session seeded at start.
 * LAB_REDIS_URL / LAB_DATABASE_URL (optional) enable the Redis and PostgreSQL routes.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify, { type FastifyReply } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';

const port = Number(process.env.PORT ?? 0);
const issuers = JSON.parse(process.env.LAB_ISSUERS ?? '[]') as string[];
const sessionToken = process.env.LAB_SESSION_TOKEN ?? '';
const email = process.env.LAB_EMAIL ?? 'peer@example.com';
const userId = process.env.LAB_USER_ID ?? 'usr_peer';
const cookieName = process.env.LAB_COOKIE_NAME ?? 'sid';

interface PinnedKey {
  key: KeyObject;
  issuer: string;
  verify(data: Buffer, signature: Buffer): boolean;
}

/** node:crypto parameters per JWS algorithm (RFC 7518 §3, RFC 8037). */
function pin(alg: string, key: KeyObject): PinnedKey['verify'] {
  switch (alg) {
    case 'EdDSA':
      return (data, signature) => verify(null, data, key, signature);
    case 'ES256':
      return (data, signature) => verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    case 'RS256':
      return (data, signature) => verify('sha256', data, key, signature);
    case 'PS256':
      return (data, signature) => verify('sha256', data, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }, signature);
    default:
      throw new Error(`unsupported alg ${alg}`);
  }
}

const keys = new Map<string, PinnedKey>();
for (const issuer of issuers) {
  const jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as { keys: (Record<string, string> & { kid: string; alg: string })[] };
  for (const jwk of jwks.keys) {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    keys.set(jwk.kid, { key, issuer, verify: pin(jwk.alg, key) });
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const seededHash = sha256(sessionToken);
const record = JSON.stringify({ userId, email });

const sessions = new Map([[seededHash, { userId, email }]]);
const sqlite = new Database(join(mkdtempSync(join(tmpdir(), 'lab-bare-peer-')), 'peer.db'));
sqlite.pragma('journal_mode = WAL');
sqlite.exec('CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, email TEXT NOT NULL)');
sqlite.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(seededHash, userId, email);
const selectSqlite = sqlite.prepare<[string], { user_id: string; email: string }>('SELECT user_id, email FROM sessions WHERE token_hash = ?');

const redisKey = `lab-bare-peer:${process.pid}:`;
const redis = process.env.LAB_REDIS_URL ? new Redis(process.env.LAB_REDIS_URL) : null;
await redis?.set(`${redisKey}${seededHash}`, record, 'EX', 3600);

const schema = `lab_bare_peer_${process.pid}`;
const pool = process.env.LAB_DATABASE_URL ? new pg.Pool({ connectionString: process.env.LAB_DATABASE_URL, max: 10 }) : null;
if (pool) {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await pool.query(`CREATE TABLE ${schema}.sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, email TEXT NOT NULL)`);
  await pool.query(`INSERT INTO ${schema}.sessions VALUES ($1, $2, $3)`, [seededHash, userId, email]);
}

function unauthorized(reply: FastifyReply) {
  return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'invalid_token' });
}

/** The payload of a valid token, else null: three parts, a known `kid`, its pinned algorithm, `iss`, `exp`, `typ`. */
function verifyJwt(header: string | undefined): { sub: string } | null {
  if (header === undefined || !header.startsWith('Bearer ')) return null;
  const token = header.slice(7);
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  if (firstDot < 0 || secondDot < 0) return null;
  const protectedHeader = JSON.parse(Buffer.from(token.slice(0, firstDot), 'base64url').toString()) as { kid?: string; typ?: string };
  const key = protectedHeader.kid === undefined ? undefined : keys.get(protectedHeader.kid);
  if (!key || protectedHeader.typ !== 'at+jwt') return null;
  if (!key.verify(Buffer.from(token.slice(0, secondDot)), Buffer.from(token.slice(secondDot + 1), 'base64url'))) return null;
  const payload = JSON.parse(Buffer.from(token.slice(firstDot + 1, secondDot), 'base64url').toString()) as { sub: string; iss: string; exp: number };
  return payload.iss === key.issuer && payload.exp > Date.now() / 1000 ? payload : null;
}

/** The session cookie's value (the cheapest correct parse: the named pair). */
function sessionCookie(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === cookieName) return pair.slice(at + 1).trim();
  }
  return undefined;
}

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ sub: userId, email, auth: 'none' }));
app.get('/api/me-crypto', async (request, reply) => {
  let payload;
  try {
    payload = verifyJwt(request.headers.authorization);
  } catch {
    payload = null;
  }
  return payload ? { sub: payload.sub, email, auth: 'bearer' } : unauthorized(reply);
});
app.get('/api/me-map', async (request, reply) => {
  const token = sessionCookie(request.headers.cookie);
  const found = token === undefined ? undefined : sessions.get(sha256(token));
  return found ? { sub: found.userId, email: found.email, auth: 'session' } : unauthorized(reply);
});
app.get('/api/me-sqlite', async (request, reply) => {
  const token = sessionCookie(request.headers.cookie);
  const row = token === undefined ? undefined : selectSqlite.get(sha256(token));
  return row ? { sub: row.user_id, email: row.email, auth: 'session' } : unauthorized(reply);
});
app.get('/api/me-redis', async (request, reply) => {
  const token = sessionCookie(request.headers.cookie);
  const value = token === undefined || !redis ? null : await redis.get(`${redisKey}${sha256(token)}`);
  const found = value === null ? null : (JSON.parse(value) as { userId: string; email: string });
  return found ? { sub: found.userId, email: found.email, auth: 'session' } : unauthorized(reply);
});
app.get('/api/me-pg', async (request, reply) => {
  const token = sessionCookie(request.headers.cookie);
  const result = token === undefined || !pool ? null : await pool.query<{ user_id: string; email: string }>({ name: 'peer-session', text: `SELECT user_id, email FROM ${schema}.sessions WHERE token_hash = $1`, values: [sha256(token)] });
  const row = result?.rows[0];
  return row ? { sub: row.user_id, email: row.email, auth: 'session' } : unauthorized(reply);
});

await app.listen({ port, host: '127.0.0.1' });
const shutdown = () =>
  void (async () => {
    await app.close();
    await redis?.del(`${redisKey}${seededHash}`);
    redis?.disconnect();
    await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool?.end();
    sqlite.close();
  })().finally(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
