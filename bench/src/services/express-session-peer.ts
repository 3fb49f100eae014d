/**
 * Peer: Express 5 + express-session + connect-redis 9 (node-redis 5 client), the usual
 * "sessions in Redis" stack, configured as its READMEs suggest. `GET /healthz` (no session
 * middleware) is its no-auth route; `POST /login` makes a session (no password hash: only the
 * lookup path is compared); `GET /api/me` answers from the session or 401.
 * LAB_REDIS_URL and LAB_SESSION_SECRET configure it.
 */
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    email?: string;
  }
}

const port = Number(process.env.PORT ?? 0);
const redis = createClient({ url: process.env.LAB_REDIS_URL ?? 'redis://127.0.0.1:6379' });
redis.on('error', (error: unknown) => process.stderr.write(`redis: ${String(error)}\n`));
await redis.connect();

const sessions = session({
  store: new RedisStore({ client: redis, prefix: `lab-peer-sess:${process.pid}:` }),
  secret: process.env.LAB_SESSION_SECRET ?? 'lab-only-secret-not-for-production-use',
  resave: false,
  saveUninitialized: false,
  name: 'sid',
  cookie: { httpOnly: true, sameSite: 'lax', maxAge: 1_800_000 },
});

const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_request, response) => {
  response.json({ ok: true });
});
app.post('/login', sessions, (request, response) => {
  request.session.userId = 'usr_7Hq2c4cJY0mJ3yQ8Kp1xWg';
  request.session.email = 'peer@example.com';
  response.json({ ok: true });
});
app.get('/api/me', sessions, (request, response) => {
  if (!request.session.userId) {
    response.status(401).json({ error: 'unauthenticated' });
    return;
  }
  response.json({ sub: request.session.userId, email: request.session.email, auth: 'session' });
});

const server = app.listen(port, '127.0.0.1');
const shutdown = () => {
  server.close(() => {
    void redis.quit().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
