import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';

export interface LoopbackLoginOptions {
  /** The Tessera issuer, e.g. `http://127.0.0.1:8080`. */
  issuer: string;
  /** A public client registered with the redirect URI `http://127.0.0.1/callback` (any port matches). */
  clientId: string;
  scope?: string;
  /** Shows the authorization URL to the user (prints it, or opens the system browser). */
  openBrowser(url: URL): void | Promise<void>;
  /** Give up after this long. Default 5 minutes. */
  timeoutMs?: number;
}

export type LoginTokens = Awaited<ReturnType<typeof client.authorizationCodeGrant>>;

/**
 * The native-app flow of RFC 8252: a loopback listener on 127.0.0.1 and a port the OS picks
 * (§7.3: the server matches any port; §8.3: the IP literal, not `localhost`), the system browser
 * for the login, PKCE S256 in place of a secret (§8.1), `state` checked on return. Resolves
 * with the tokens once the browser has come back with a code and it was redeemed.
 */
export async function loopbackLogin(options: LoopbackLoginOptions): Promise<LoginTokens> {
  const issuer = new URL(options.issuer);
  // A plain-http issuer is only ever a local development server.
  const config = await client.discovery(issuer, options.clientId, undefined, client.None(), issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {});
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const listener = await listenOnLoopback();
  const redirectUri = `http://127.0.0.1:${listener.port}/callback`;
  try {
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: options.scope ?? 'openid email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    });
    await options.openBrowser(authorizationUrl);
    const callback = await listener.nextCallback(options.timeoutMs ?? 300_000);
    return await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, expectedState: state });
  } finally {
    await listener.close();
  }
}

interface LoopbackListener {
  port: number;
  nextCallback(timeoutMs: number): Promise<URL>;
  close(): Promise<void>;
}

/** One HTTP listener on 127.0.0.1: the first request to `/callback` is the authorization response. */
async function listenOnLoopback(): Promise<LoopbackListener> {
  let deliver: (url: URL) => void = () => undefined;
  const arrived = new Promise<URL>((resolve) => (deliver = resolve));
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') return void response.writeHead(404).end();
    const failed = url.searchParams.has('error');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Login</title><p>${failed ? 'Login did not complete.' : 'Logged in.'} You can close this window and return to the terminal.</p>`);
    deliver(new URL(url.pathname + url.search, `http://127.0.0.1:${port}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    nextCallback: (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no login arrived in time')), timeoutMs)));
      return Promise.race([arrived, timeout]).finally(() => clearTimeout(timer));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
