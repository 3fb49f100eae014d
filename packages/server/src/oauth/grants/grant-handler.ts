import type { ClientRecord, TokenResponse } from '@tessera/core';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/app-context.js';

/** One grant of the token endpoint (oidc-provider `lib/actions/grants/*`): validated params in, RFC 6749 §5.1 response out. */
export type GrantHandler = (context: AppContext, client: ClientRecord, params: Record<string, unknown>, request: FastifyRequest) => Promise<TokenResponse>;
