import { z } from 'zod';
import { problemResponses } from '../http/problem-schema.js';
import { sessionCookieAuth } from '../openapi/security-requirements.js';
import { publicUserSchema } from './public-user-schema.js';
import { signInViewSchema } from './session-view.js';

/**
 * The request and answer shapes of the `/auth/*` JSON routes. The bodies are the zod schemas the
 * routes validate with (`parseBody`, at the step of the route's pipeline where the check belongs);
 * the OpenAPI document is generated from the same objects.
 */
export const credentialsBody = z.object({ email: z.string().max(1024), password: z.string() });

/** A session id in a path (`DELETE /auth/sessions/:id`, the account page's sign-out button). */
export const sessionIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a session id') });

const loginAnswer = z.object({
  user: publicUserSchema,
  csrf_token: z.string().describe('Send as X-CSRF-Token on every unsafe cookie-authenticated request'),
  expires_at: z.iso.datetime(),
});

const noContent = z.null();

export const signupRouteSchema = {
  summary: 'Create an account (does not sign in)',
  tags: ['sessions'],
  body: credentialsBody,
  response: { 201: z.object({ user: publicUserSchema }).describe('Created'), ...problemResponses },
};

export const loginRouteSchema = {
  summary: 'Log in: a session cookie and a CSRF token',
  tags: ['sessions'],
  body: credentialsBody,
  response: {
    200: z
      .union([
        loginAnswer.describe('Signed in; Set-Cookie: __Host-tessera_session'),
        z
          .object({ mfa_required: z.literal(true), mfa_token: z.string(), methods: z.array(z.string()) })
          .describe('The account has a second factor: no cookie yet; send the code with mfa_token to POST /auth/login/mfa'),
      ])
      .describe('Signed in, or the second step is needed'),
    ...problemResponses,
  },
};

export const sessionRouteSchema = {
  summary: 'The signed-in user and session',
  tags: ['sessions'],
  security: sessionCookieAuth,
  response: {
    200: z.object({ user: publicUserSchema, session: signInViewSchema, csrf_token: z.string() }).describe('The live session'),
    ...problemResponses,
  },
};

export const logoutRouteSchema = {
  summary: 'Log out: the session ends server-side',
  tags: ['sessions'],
  security: sessionCookieAuth,
  response: { 204: noContent.describe('Signed out; the cookie is cleared'), ...problemResponses },
};

export const sessionListRouteSchema = {
  summary: 'The user’s browser sessions and app logins',
  tags: ['sessions'],
  security: sessionCookieAuth,
  response: { 200: z.object({ sessions: z.array(signInViewSchema) }).describe('The device list'), ...problemResponses },
};

export const endSessionRouteSchema = {
  summary: 'End one browser session or app login (another user’s id is 404)',
  tags: ['sessions'],
  security: sessionCookieAuth,
  params: sessionIdParams,
  response: { 204: noContent.describe('Ended'), ...problemResponses },
};

export const endOtherSessionsRouteSchema = {
  summary: 'End every sign-in but the current browser session',
  tags: ['sessions'],
  security: sessionCookieAuth,
  response: { 204: noContent.describe('Ended'), ...problemResponses },
};
