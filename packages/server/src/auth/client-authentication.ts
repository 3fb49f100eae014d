import { isUtf8 } from 'node:buffer';
import { InvalidClientError, type ClientRecord, type Tessera } from '@tessera/core';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/http-problem.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface ClientCredentials {
  clientId: string | undefined;
  secret: string | undefined;
  method: ClientAuthMethod;
}

/** Methods advertised in metadata (RFC 8414 §2). `none`: public clients, identified by `client_id` only. */
export const tokenEndpointAuthMethods: ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none'];

/**
 * Client credentials of a token, revocation or introspection request (RFC 6749 §2.3.1):
 * HTTP Basic with form-encoded id and secret, or `client_id`/`client_secret` in the body; never
 * both (§2.3: one method per request). No `client_id` at all means the built-in first-party
 * client, which the core resolves.
 */
export function readClientCredentials(request: FastifyRequest, body: Record<string, unknown>): ClientCredentials {
  const bodyId = optionalString(body.client_id, 'client_id');
  const bodySecret = optionalString(body.client_secret, 'client_secret');
  const basic = parseBasic(request.headers.authorization);
  if (basic) {
    if (bodySecret !== undefined) throw new HttpProblem('invalid_request', 'Use one client authentication method, not two');
    if (bodyId !== undefined && bodyId !== basic.clientId) throw new HttpProblem('invalid_request', 'client_id differs from the Basic credentials');
    return { clientId: basic.clientId, secret: basic.secret, method: 'client_secret_basic' };
  }
  return { clientId: bodyId, secret: bodySecret, method: bodySecret === undefined ? 'none' : 'client_secret_post' };
}

export async function authenticateClient(tessera: Tessera, request: FastifyRequest, body: Record<string, unknown>): Promise<ClientRecord> {
  const credentials = readClientCredentials(request, body);
  return tessera.clients.authenticate(credentials.clientId, credentials.secret);
}

/** RFC 7662 §2.1: introspection is for authenticated (confidential) clients only. */
export async function authenticateConfidentialClient(tessera: Tessera, request: FastifyRequest, body: Record<string, unknown>): Promise<ClientRecord> {
  const client = await authenticateClient(tessera, request, body);
  if (client.type !== 'confidential') throw new InvalidClientError('this endpoint needs an authenticated confidential client');
  return client;
}

function parseBasic(header: string | undefined): { clientId: string; secret: string } | null {
  if (header === undefined || !/^basic /i.test(header)) return null;
  const encoded = header.slice(6).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length > 2048) throw new InvalidClientError('malformed Basic credentials');
  const decoded = Buffer.from(encoded, 'base64');
  if (!isUtf8(decoded)) throw new InvalidClientError('malformed Basic credentials');
  const text = decoded.toString('utf8');
  const colon = text.indexOf(':');
  if (colon === -1) throw new InvalidClientError('malformed Basic credentials');
  return { clientId: formDecode(text.slice(0, colon)), secret: formDecode(text.slice(colon + 1)) };
}

function formDecode(value: string): string {
  try {
    const decoded = decodeURIComponent(value.replaceAll('+', ' '));
    if (decoded.includes('\0')) throw new Error('NUL');
    return decoded;
  } catch {
    throw new InvalidClientError('malformed Basic credentials');
  }
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 512) throw new HttpProblem('invalid_request', `${name} is not acceptable`);
  return value;
}
