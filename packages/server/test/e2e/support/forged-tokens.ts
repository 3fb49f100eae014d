import { createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { E2ETarget } from './e2e-target.js';

export interface ForgedToken {
  name: string;
  token: string;
  /**
   * False only for a server-signed token whose sole defect is its audience: RFC 7662 reports such
   * a token active (the audience is the resource server's check), while `/api/me` must refuse it.
   */
  inactiveAtIntrospection: boolean;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Splits a compact JWS into its decoded header, payload and raw signature. */
function parts(token: string) {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    rawHeader: header,
    rawPayload: payload,
    signature,
  };
}

/** An attacker's key pair and a tiny HTTP server publishing its JWKS, so a server that followed jku/x5u *could* fetch it. */
export async function startAttackerJwks(): Promise<{ url: string; privateKey: CryptoKey; publicJwk: JWK; close(): Promise<void> }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  publicJwk.kid = await calculateJwkThumbprint(publicJwk);
  publicJwk.alg = 'EdDSA';
  const server: Server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    privateKey,
    publicJwk,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Every forged or mangled variant of a real access token the bad-input list names (RFC 8725 §2:
 * the known JWT attacks). None of them may be accepted.
 */
export async function forgeTokens(real: string, target: E2ETarget, serverJwk: JWK, attacker: Awaited<ReturnType<typeof startAttackerJwks>>): Promise<ForgedToken[]> {
  const { header, payload, rawHeader, rawPayload, signature } = parts(real);
  const forged: ForgedToken[] = [];
  const add = (name: string, token: string, inactiveAtIntrospection = true) => forged.push({ name, token, inactiveAtIntrospection });

  // alg "none" in any casing, with and without the original signature.
  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    add(`alg ${alg}, empty signature`, `${b64({ ...header, alg })}.${rawPayload}.`);
    add(`alg ${alg}, original signature`, `${b64({ ...header, alg })}.${rawPayload}.${signature}`);
  }

  // HS256 keyed with the server's PUBLIC key (algorithm confusion), in the forms a library might use.
  const pem = createPublicKey({ key: serverJwk as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const secrets: [string, Uint8Array][] = [
    ['PEM', Buffer.from(pem)],
    ['JWK JSON', Buffer.from(JSON.stringify(serverJwk))],
    ['raw x', Buffer.from(String(serverJwk.x ?? serverJwk.n ?? ''), 'base64url')],
  ];
  for (const [form, secret] of secrets) {
    add(`HS256 with the public key (${form})`, await new SignJWT(payload).setProtectedHeader({ ...header, alg: 'HS256' }).sign(secret));
  }

  // Signature stripped, truncated, flipped; payload or header changed under the original signature.
  add('signature stripped', `${rawHeader}.${rawPayload}.`);
  add('two segments', `${rawHeader}.${rawPayload}`);
  add('signature truncated', `${rawHeader}.${rawPayload}.${signature.slice(0, -8)}`);
  const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
  add('signature flipped', `${rawHeader}.${rawPayload}.${flipped}`);
  add('payload changed (sub)', `${rawHeader}.${b64({ ...payload, sub: 'someone-else' })}.${signature}`);
  add('payload changed (exp +1 year)', `${rawHeader}.${b64({ ...payload, exp: Number(payload.exp) + 31_536_000 })}.${signature}`);
  add('header changed (typ)', `${b64({ ...header, typ: 'JWT' })}.${rawPayload}.${signature}`);

  // Attacker-signed tokens that point the verifier at the attacker's key.
  const attackerSigned = (extra: Record<string, unknown>) => new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...extra }).sign(attacker.privateKey);
  add('kid of the real key, attacker signature', await attackerSigned({ kid: header.kid }));
  add('unknown kid', await attackerSigned({ kid: 'no-such-key' }));
  add('kid path traversal', await attackerSigned({ kid: '../../../../../../dev/null' }));
  add('kid SQL injection', await attackerSigned({ kid: "' OR '1'='1" }));
  add('no kid', await attackerSigned({}));
  add('jku to attacker JWKS', await attackerSigned({ kid: attacker.publicJwk.kid, jku: attacker.url }));
  add('x5u to attacker URL', await attackerSigned({ kid: attacker.publicJwk.kid, x5u: attacker.url }));
  add('embedded jwk header', await attackerSigned({ kid: attacker.publicJwk.kid, jwk: attacker.publicJwk }));

  // Garbage shaped like a JWT.
  add('a.b.c', 'a.b.c');
  add('empty segments', '..');
  add('non-JSON header', `${Buffer.from('not json').toString('base64url')}.${rawPayload}.${signature}`);
  add('12 KB token', `${rawHeader}.${Buffer.alloc(9000, 'a').toString('base64url')}.${signature}`);

  // Validly signed by the server's own key but wrong in a checked claim (only a local target can sign).
  if (target.signWithServerKey) {
    // A fresh jti each: revoking one of these must not touch the real token.
    const sign = (extraHeader: Record<string, unknown>, claims: Record<string, unknown>) =>
      target.signWithServerKey!(extraHeader, { ...claims, jti: 'jti' in claims && claims.jti === undefined ? undefined : `forged-${randomUUID()}` });
    const now = Math.floor(Date.now() / 1000);
    add('wrong typ (JWT), server key', await sign({ typ: 'JWT' }, payload));
    add('no typ, server key', await sign({}, payload));
    add('expired, server key', await sign({ typ: 'at+jwt' }, { ...payload, iat: now - 7200, exp: now - 3600 }));
    add('not yet valid, server key', await sign({ typ: 'at+jwt' }, { ...payload, nbf: now + 3600 }));
    add('wrong issuer, server key', await sign({ typ: 'at+jwt' }, { ...payload, iss: 'https://evil.example' }));
    add('wrong audience, server key', await sign({ typ: 'at+jwt' }, { ...payload, aud: 'https://evil.example' }), false);
    add('no jti, server key', await sign({ typ: 'at+jwt' }, { ...payload, jti: undefined }));
    add('unknown crit header, server key', await sign({ typ: 'at+jwt', crit: ['x-unknown'], 'x-unknown': 1 }, payload));
  }
  return forged;
}
