import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The relying party's own origin, as a browser reaches it: `/callback` (where Tessera sends the
 * authorization response) and `/signed-out` (the post-logout redirect) each answer a small page.
 * The test reads the callback URL from the browser and hands it to the client library, which is
 * what a real RP's callback handler does with `request.url`.
 */
export interface RelyingParty {
  origin: string;
  callbackUri: string;
  signedOutUri: string;
  close(): Promise<void>;
}

export async function startRelyingParty(): Promise<RelyingParty> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://rp.invalid').pathname;
    const heading = path === '/callback' ? 'Callback reached' : path === '/signed-out' ? 'Signed out' : 'Relying party';
    response.writeHead(path === '/callback' || path === '/signed-out' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>${heading}</title><h1>${heading}</h1>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    callbackUri: `${origin}/callback`,
    signedOutUri: `${origin}/signed-out`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
