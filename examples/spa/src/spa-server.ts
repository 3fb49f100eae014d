import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createVerifier, type Verifier } from '@tessera/verify';
import { authenticate } from '@tessera/verify/node';

export interface SpaSettings {
  /** The Tessera issuer, e.g. `http://127.0.0.1:8080`. */
  issuer: string;
  /** The public client registered for this app (`tessera clients add --type public ...`). */
  clientId: string;
  /** The audience the client's access tokens carry, which the API checks (`--audience`). */
  apiAudience: string;
  host?: string;
  /** 0 picks a free port. */
  port: number;
}

export interface RunningSpa {
  origin: string;
  close(): Promise<void>;
}

/** The app's static files, and oauth4webapi's browser build (one dependency-free ES module). */
const files: Record<string, { path: string | URL; type: string }> = {
  '/': { path: new URL('../public/index.html', import.meta.url), type: 'text/html; charset=utf-8' },
  '/callback': { path: new URL('../public/index.html', import.meta.url), type: 'text/html; charset=utf-8' },
  '/app.js': { path: new URL('../public/app.js', import.meta.url), type: 'text/javascript; charset=utf-8' },
  '/vendor/oauth4webapi.js': { path: createRequire(import.meta.url).resolve('oauth4webapi'), type: 'text/javascript; charset=utf-8' },
};

/**
 * One origin serving the single-page app and a small API it calls. The page does all of OAuth in
 * the browser; this server only hands out files, the app's public settings (`/config.json`: no
 * secret exists for a public client) and `GET /api/photos`, which verifies the access token
 * locally with @tessera/verify (signature from the JWKS, issuer, audience, pinned algorithms).
 */
export async function startSpa(settings: SpaSettings): Promise<RunningSpa> {
  const verifier = createVerifier({ issuer: settings.issuer, audience: settings.apiAudience });
  let origin = '';
  const server: Server = createServer((request, response) => {
    handle(request, response, { ...settings, origin, verifier }).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"error":"server_error"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host ?? '127.0.0.1', resolve));
  origin = `http://${settings.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: async () => {
      verifier.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, app: SpaSettings & { origin: string; verifier: Verifier }): Promise<void> {
  const path = new URL(request.url ?? '/', app.origin).pathname;
  // The page may talk to its own origin and to Tessera, and nothing else; no inline script.
  response.setHeader('content-security-policy', `default-src 'self'; connect-src 'self' ${new URL(app.issuer).origin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
  response.setHeader('referrer-policy', 'no-referrer');
  if (path === '/config.json') {
    const config = { issuer: app.issuer, clientId: app.clientId, scope: 'openid email', redirectUri: `${app.origin}/callback`, postLogoutRedirectUri: `${app.origin}/` };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
    return;
  }
  if (path === '/api/photos') {
    const claims = await authenticate(app.verifier, request, response);
    if (claims === undefined) return; // answered 401 with WWW-Authenticate
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ owner: claims.sub, photos: ['harbour.jpg', 'lighthouse.jpg'] }));
    return;
  }
  if (path === '/favicon.ico') {
    response.writeHead(204).end();
    return;
  }
  const file = files[path];
  if (request.method !== 'GET' || file === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(await readFile(file.path));
}
